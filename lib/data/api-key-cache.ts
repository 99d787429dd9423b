import "server-only";
import { findApiKeyByPrefix } from "./api-keys";
import { changeCache } from "./change-cache";

// The key row read on every API call, kept in memory until api_keys (or users: a key follows
// its creator) changes anywhere (change-cache.ts). Its counters are not announced (migration
// 0016), so a busy key does not empty the cache; a revocation is.
const keys = changeCache(["api_keys", "users"], findApiKeyByPrefix);

export function cachedApiKeyByPrefix(prefix: string) {
  return keys.get(prefix);
}
