import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export type LocalSecrets = { authSecret: string; encryptionKey: string; created: boolean };

/**
 * Out of the box (no DATABASE_URL) the secrets are generated once into `.data/secrets.json`,
 * readable by the owner only, so sessions and encrypted tokens survive a restart.
 */
export function loadOrCreateLocalSecrets(dataDir: string): LocalSecrets {
  const file = path.join(dataDir, "secrets.json");
  if (existsSync(file)) {
    const s = JSON.parse(readFileSync(file, "utf8"));
    return { authSecret: s.authSecret, encryptionKey: s.encryptionKey, created: false };
  }
  const secrets = {
    authSecret: randomBytes(32).toString("base64url"),
    // AES-256-GCM key, base64; the crypto module (lib/crypto) reads ENCRYPTION_KEY.
    encryptionKey: randomBytes(32).toString("base64"),
  };
  // The first tool run on a fresh machine (npm run worker before any npm start) makes the dir.
  mkdirSync(dataDir, { recursive: true, mode: 0o755 });
  writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return { ...secrets, created: true };
}
