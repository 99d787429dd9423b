import path from "node:path";
import postgres from "postgres";
import { migrateDatabase } from "@/lib/runtime/migrate-database";
import { startEmbeddedPostgres } from "@/lib/runtime/start-embedded-postgres";

export type TestDatabase = { url: string; stop: () => Promise<void> };

/**
 * A fresh database named `name` (migrated, unless told not to) on a real PostgreSQL server: the one at
 * TEST_DATABASE_URL when given (CI: Debian's PostgreSQL 15), otherwise an embedded server
 * with its own data dir and port, never the portal's.
 */
export async function startTestDatabase(
  name: string,
  embeddedPort: number,
  { migrate = true }: { migrate?: boolean } = {},
): Promise<TestDatabase> {
  let serverUrl = process.env.TEST_DATABASE_URL;
  let stopServer = async () => {};
  if (!serverUrl) {
    const pg = await startEmbeddedPostgres({
      dataDir: path.resolve(`.data/test-postgres-${name}`),
      port: embeddedPort,
      database: "postgres",
      fast: true,
    });
    serverUrl = pg.url;
    stopServer = async () => void (await pg.stop());
  }
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  const database = `koppeling_${name.replace(/\W/g, "_")}`;
  try {
    await admin.unsafe(`drop database if exists "${database}" with (force)`);
    await admin.unsafe(`create database "${database}"`);
  } finally {
    await admin.end({ timeout: 1 });
  }
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  if (migrate) await migrateDatabase(url.toString());
  return { url: url.toString(), stop: stopServer };
}
