// `npm run db:migrate`: applies the committed migrations to DATABASE_URL (or, when unset,
// to the embedded server under .data/, which it starts and stops).
import path from "node:path";
import { migrateDatabase } from "@/lib/runtime/migrate-database";
import { startEmbeddedPostgres } from "@/lib/runtime/start-embedded-postgres";

const pg = process.env.DATABASE_URL
  ? undefined
  : await startEmbeddedPostgres({
      dataDir: path.resolve(".data/postgres"),
      port: Number(process.env.EMBEDDED_POSTGRES_PORT ?? 54320),
    });
// embedded-postgres installs an exit hook that exits 0, so the code is set explicitly.
let failed = false;
try {
  await migrateDatabase(process.env.DATABASE_URL ?? (pg?.url as string));
  console.log("Migrations applied.");
} catch (e) {
  console.error(`Migration failed: ${e instanceof Error ? e.message : String(e)}`);
  failed = true;
} finally {
  await pg?.stop();
}
process.exit(failed ? 1 : 0);
