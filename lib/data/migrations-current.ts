import "server-only";
import { getSql } from "@/db/client";
import journal from "@/db/migrations/meta/_journal.json";
import { col, rawQuery } from "@/db/raw-query";

export type MigrationsState = { applied: number; expected: number; current: boolean };

/**
 * Whether the database has every migration this build knows (db/migrations' journal):
 * drizzle's migrator applies those newer than the last one it recorded, so the last
 * recorded must be at least the journal's last.
 */
export async function migrationsCurrent(): Promise<MigrationsState> {
  const [row] = await rawQuery(
    { applied: col.integer, last: col.nullable(col.integer) },
    getSql()`select count(*) as applied, max(created_at) as last from drizzle.__drizzle_migrations`,
  );
  const expected = journal.entries.length;
  const newest = Math.max(...journal.entries.map((e) => e.when));
  return { applied: row.applied, expected, current: (row.last ?? 0) >= newest };
}
