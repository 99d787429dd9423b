import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { type Key, parseKeyring } from "./keyring";

// The cipher behind the one door for secrets at rest (tokens, proxy passwords). Only
// secret-columns.ts (next door) calls it: every other module seals and opens a column
// through that. AES-256-GCM with a random 96-bit IV per value; the key
// id is stored beside the ciphertext so keys can rotate. `context` (for example
// "oauth_logins.refresh_token:<id>") is bound as additional authenticated data, so a
// ciphertext copied into another row or column does not decrypt.

const VERSION = "v1";

let cached: { source: string; keys: Key[] } | undefined;
function keyring(): Key[] {
  const source = process.env.ENCRYPTION_KEY ?? "";
  if (cached?.source !== source) cached = { source, keys: parseKeyring(source) };
  return cached.keys;
}

export class SecretDecryptError extends Error {
  constructor(reason: string) {
    super(`a stored secret cannot be decrypted: ${reason}`);
    this.name = "SecretDecryptError";
  }
}

export function encryptSecret(plaintext: string, context: string): string {
  const [key] = keyring();
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key.bytes, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [
    VERSION,
    key.id,
    iv.toString("base64url"),
    data.toString("base64url"),
    cipher.getAuthTag().toString("base64url"),
  ].join(":");
}

export function decryptSecret(stored: string, context: string): string {
  const [version, keyId, iv, data, tag] = stored.split(":");
  if (version !== VERSION || !keyId || !iv || data === undefined || !tag)
    throw new SecretDecryptError("unknown format");
  const key = keyring().find((k) => k.id === keyId);
  if (!key) throw new SecretDecryptError(`key ${keyId} is not in ENCRYPTION_KEY`);
  try {
    const decipher = createDecipheriv("aes-256-gcm", key.bytes, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretDecryptError("it was altered, or belongs to another record");
  }
}

/** Whether a stored value was encrypted with another key than the current first one. */
export function needsReencryption(stored: string): boolean {
  return stored.split(":")[1] !== keyring()[0].id;
}
