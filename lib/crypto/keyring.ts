import "server-only";
import { createHash } from "node:crypto";

export type Key = { id: string; bytes: Buffer };

/**
 * Parses ENCRYPTION_KEY: one or more base64 keys of 32 bytes, comma-separated. The first
 * encrypts; all decrypt, so a new key can be put in front and old values still read until
 * `npm run keys:rotate` has re-encrypted them.
 */
export function parseKeyring(value: string | undefined): Key[] {
  if (!value?.trim()) throw new Error("ENCRYPTION_KEY is not set");
  return value.split(",").map((part, i) => {
    const bytes = Buffer.from(part.trim(), "base64");
    if (bytes.length !== 32) {
      throw new Error(
        `ENCRYPTION_KEY entry ${i + 1} is not 32 bytes of base64 (generate one: openssl rand -base64 32)`,
      );
    }
    // The id names the key without revealing it: the first 8 hex digits of its SHA-256.
    return { id: createHash("sha256").update(bytes).digest("hex").slice(0, 8), bytes };
  });
}
