// `npm run keys:rotate`: re-encrypts every stored secret with the first key of
// ENCRYPTION_KEY. Rotate by putting a new key in front (NEW,OLD), restarting, running this,
// and then dropping OLD. Out of the box (no DATABASE_URL) it uses KOPPELING_DATA_DIR (default .data/).
import { closeDb } from "@/db/client";
import { parseKeyring } from "@/lib/crypto/keyring";
import { reencryptSecrets } from "@/lib/data/reencrypt-secrets";
import { safeErrorMessage } from "@/lib/log/safe-error";
import { dataDir } from "@/lib/runtime/data-dir";
import { databaseForScript } from "@/lib/runtime/database-for-script";
import { loadOrCreateLocalSecrets } from "@/lib/runtime/local-secrets";
import { migrateDatabase } from "@/lib/runtime/migrate-database";

let failed = false;
const usesEmbedded = !process.env.DATABASE_URL;
const database = await databaseForScript();
if (!process.env.ENCRYPTION_KEY && !usesEmbedded) {
  console.error("Set ENCRYPTION_KEY (new key first, then the old ones, comma-separated).");
  process.exit(2);
}
process.env.ENCRYPTION_KEY ??= loadOrCreateLocalSecrets(dataDir()).encryptionKey;
try {
  const [current] = parseKeyring(process.env.ENCRYPTION_KEY);
  await migrateDatabase(database.url);
  const count = await reencryptSecrets();
  console.log(`Re-encrypted ${count} secret(s) with key ${current.id}.`);
} catch (e) {
  console.error(`Key rotation failed: ${safeErrorMessage(e)}`);
  failed = true;
} finally {
  await closeDb();
  await database.stop();
}
process.exit(failed ? 1 : 0);
