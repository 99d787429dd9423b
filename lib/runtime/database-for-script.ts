import path from "node:path";
import { dataDir } from "./data-dir";
import { startEmbeddedPostgres } from "./start-embedded-postgres";

/**
 * The database a CLI script works on: DATABASE_URL, or the portal's embedded server under
 * KOPPELING_DATA_DIR (started for the script, or used as it runs beside a live portal). Also sets
 * DATABASE_URL, so lib/ code reaches the same database.
 */
export async function databaseForScript(): Promise<{ url: string; stop: () => Promise<void> }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => {} };
  const pg = await startEmbeddedPostgres({
    dataDir: path.join(dataDir(), "postgres"),
    port: Number(process.env.EMBEDDED_POSTGRES_PORT ?? 54320),
  });
  process.env.DATABASE_URL = pg.url;
  return { url: pg.url, stop: async () => void (await pg.stop()) };
}
