import "server-only";
import { timingSafeEqual } from "node:crypto";
import { apiKeyPrefix, hashApiKey } from "@/lib/crypto/generate-api-key";
import { cachedApiKeyByPrefix } from "@/lib/data/api-key-cache";
import { countApiKeyRefusal } from "@/lib/data/api-keys";
import { logger } from "@/lib/log/logger";
import type { ApiKeyScope } from "@/lib/schemas/api-keys";
import { apiError } from "./api-error";

/** Who is calling: one API key, which sees only its own environment and may do what its scope allows. */
export type ApiCaller = { keyId: string; prefix: string; name: string; environmentId: string; scope: ApiKeyScope };

/** A key made in the portal follows its creator: the words of its 401 while it is stopped. */
const CREATOR_STOPPED = {
  creator_blocked:
    "The administrator who made this API key is blocked in the portal, so the key does not work. It works again when an administrator unblocks them (Gebruikers); or make a new key.",
  creator_not_admin:
    "The administrator who made this API key is no longer an administrator in the portal, so the key does not work. It works again when they are made an administrator again (Gebruikers); or make a new key.",
} as const;

const CHALLENGE = { "www-authenticate": 'Bearer realm="koppeling"' };
const refused = (code: string, message: string) => apiError(401, code, message, {}, CHALLENGE);

/**
 * The caller of an /api/v1 request from its `Authorization: Bearer <key>`, or the 401 to
 * answer. Revoked and expired keys, and those whose creator is blocked or no longer an admin,
 * are told apart from unknown ones: whoever sends them holds the key already, and the words
 * save the other system's operator a search.
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
  if (row.creatorStop) return refusedKey("api_key_creator_inactive", CREATOR_STOPPED[row.creatorStop]);
  return { keyId: row.id, prefix: row.prefix, name: row.name, environmentId: row.environmentId, scope: row.scope };
}
