import { createHash } from "node:crypto";

/**
 * State is keyed by a hash of each secret (codes, tokens, session ids), so the state file on disk
 * never holds a usable token.
 */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}
