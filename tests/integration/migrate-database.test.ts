import { readFileSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { afterEach, describe, expect, test } from "vitest";
import { countUsers } from "@/lib/data/users";
import { MIGRATIONS_FOLDER, migrateDatabase } from "@/lib/runtime/migrate-database";
import { resetDatabase } from "../support/reset-database";
import { createScratchDatabase } from "../support/scratch-database";
import { makeUser } from "../support/users";

const journal: { entries: { tag: string }[] } = JSON.parse(
  readFileSync(path.join(MIGRATIONS_FOLDER, "meta/_journal.json"), "utf8"),
);

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function inspect(url: string) {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const applied = await sql`select count(*)::int as n from drizzle.__drizzle_migrations`;
    const tables = await sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`;
    return { applied: applied[0].n as number, tables: tables.map((t) => t.table_name as string) };
  } finally {
    await sql.end({ timeout: 1 });
  }
}

describe("migrateDatabase", () => {
  test("on an empty database it applies every migration once; running it again changes nothing", async () => {
    const db = await createScratchDatabase("koppeling_migrate");
    cleanup = db.drop;
    await migrateDatabase(db.url);
    const first = await inspect(db.url);
    expect(first.applied).toBe(journal.entries.length);
    expect(first.tables).toEqual(
      expect.arrayContaining(["users", "environments", "audit_events", "sign_in_throttle", "oauth_logins"]),
    );
    await migrateDatabase(db.url);
    expect(await inspect(db.url)).toEqual(first);
  });

  test("two processes migrating the same empty database at once: both succeed, each migration once", async () => {
    const db = await createScratchDatabase("koppeling_migrate_race");
    cleanup = db.drop;
    await Promise.all([migrateDatabase(db.url), migrateDatabase(db.url), migrateDatabase(db.url)]);
    expect((await inspect(db.url)).applied).toBe(journal.entries.length);
  });

  test("on the migrated test database it keeps the data", async () => {
    await resetDatabase();
    await makeUser("ann@example.nl");
    const url = process.env.DATABASE_URL as string;
    await migrateDatabase(url);
    await migrateDatabase(url);
    expect(await countUsers()).toBe(1);
    expect((await inspect(url)).applied).toBe(journal.entries.length);
  });

  test("an unreachable database rejects", async () => {
    await expect(migrateDatabase("postgres://postgres:pw@127.0.0.1:1/nothing")).rejects.toThrow();
  });
});
