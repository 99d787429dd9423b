// `npm run keys:rotate`: re-encrypts every stored secret with the first key of
// ENCRYPTION_KEY. Rotate by putting a new key in front (NEW,OLD), restarting, running this,
// and then dropping OLD. Out of the box (no DATABASE_URL) it uses KOPPELING_DATA_DIR (default .data/).
import { parseKeyring } from "@/lib/crypto/keyring";
import { reencryptSecrets } from "@/lib/data/reencrypt-secrets";
import { safeErrorMessage } from "@/lib/log/safe-error";
import { dataDir } from "@/lib/runtime/data-dir";
import { loadOrCreateLocalSecrets } from "@/lib/runtime/local-secrets";
import { runDatabaseScript } from "@/lib/runtime/run-database-script";

if (!process.env.ENCRYPTION_KEY && process.env.DATABASE_URL) {
  console.error("Set ENCRYPTION_KEY (new key first, then the old ones, comma-separated).");
  process.exit(2);
}
process.env.ENCRYPTION_KEY ??= loadOrCreateLocalSecrets(dataDir()).encryptionKey;
await runDatabaseScript(
  async () => {
    const [current] = parseKeyring(process.env.ENCRYPTION_KEY as string);
    const count = await reencryptSecrets();
    console.log(`Re-encrypted ${count} secret(s) with key ${current.id}.`);
    return "done";
  },
  (e) => `Key rotation failed: ${safeErrorMessage(e)}`,
);
