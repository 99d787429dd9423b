import "server-only";
import { timingSafeEqual } from "node:crypto";
import { apiKeyPrefix, hashApiKey } from "@/lib/crypto/generate-api-key";
import { cachedApiKeyByPrefix } from "@/lib/data/api-key-cache";
import { countApiKeyRefusal } from "@/lib/data/api-keys";
import { logger } from "@/lib/log/logger";
import { apiError } from "./api-error";

/** Who is calling: one API key, which sees only its own environment. */
export type ApiCaller = { keyId: string; prefix: string; name: string; environmentId: string };

const CHALLENGE = { "www-authenticate": 'Bearer realm="koppeling"' };
const refused = (code: string, message: string) => apiError(401, code, message, {}, CHALLENGE);

/**
 * The caller of an /api/v1 request from its `Authorization: Bearer <key>`, or the 401 to
 * answer. Revoked and expired keys are told apart from unknown ones: whoever sends them
 * holds the key already, and the words save the other system's operator a search.
 */
export async function authenticateApiKey(request: Request, now = new Date()): Promise<ApiCaller | Response> {
  const header = request.headers.get("authorization");
  if (!header) return refused("api_key_missing", "Send an API key as 'Authorization: Bearer <key>'.");
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  const prefix = match ? apiKeyPrefix(match[1]) : null;
  if (!match || !prefix) return refused("api_key_invalid", "The API key is not valid.");

  // From memory while no key changed (lib/data/api-key-cache.ts): one query less per call.
  const row = await cachedApiKeyByPrefix(prefix);
  const given = Buffer.from(hashApiKey(match[1]), "hex");
  // A refusal with a known prefix is logged with it and counted on the key (API-sleutels shows
  // it): a wrong secret, or a revoked or expired key still in use somewhere.
  const refusedKey = async (code: string, message: string) => {
    logger.warn({ apiKey: prefix, code }, "API key refused");
    if (row) await countApiKeyRefusal(row.id);
    return refused(code, message);
  };
  if (!row || !timingSafeEqual(given, Buffer.from(row.keyHash, "hex"))) {
    return refusedKey("api_key_invalid", "The API key is not valid.");
  }
  if (row.revokedAt) return refusedKey("api_key_revoked", "The API key has been revoked.");
  if (row.expiresAt && row.expiresAt <= now) return refusedKey("api_key_expired", "The API key has expired.");
  return { keyId: row.id, prefix: row.prefix, name: row.name, environmentId: row.environmentId };
}
