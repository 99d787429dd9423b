import "server-only";
import { createHash, randomBytes } from "node:crypto";

// A key reads `kop_<prefix>_<secret>`: the prefix (10 hex digits) is public — listed on the
// page, written in the log, used to find the row; the secret is 192 random bits in base64url.
const KEY_FORMAT = /^kop_([0-9a-f]{10})_([A-Za-z0-9_-]{32})$/;

export type NewApiKey = { key: string; prefix: string; keyHash: string };

export function generateApiKey(): NewApiKey {
  const prefix = randomBytes(5).toString("hex");
  const key = `kop_${prefix}_${randomBytes(24).toString("base64url")}`;
  return { key, prefix, keyHash: hashApiKey(key) };
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** The prefix of a well-formed key, or null for anything else. */
export function apiKeyPrefix(key: string): string | null {
  return KEY_FORMAT.exec(key)?.[1] ?? null;
}
