import path from "node:path";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";

export const MIGRATIONS_FOLDER = path.resolve(process.cwd(), "db/migrations");

/** Applies the committed drizzle-kit migrations. Safe to run from several processes. */
export async function migrateDatabase(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    // drizzle's migrator has no lock of its own; an advisory lock keeps two portal
    // processes starting at once from applying the same migration twice.
    await sql`select pg_advisory_lock(4242001)`;
    await migrate(drizzle(sql), { migrationsFolder: MIGRATIONS_FOLDER });
    await sql`select pg_advisory_unlock(4242001)`;
  } finally {
    await sql.end({ timeout: 5 });
  }
}
