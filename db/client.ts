import "server-only";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { stopChangeListener } from "./change-listener";
import * as schema from "./schema";

// The one door to the database. The connection is made on first use, not at import,
// so `next build` (which has no database) can import modules that use it.
type Db = ReturnType<typeof drizzle<typeof schema>>;
const cache = globalThis as unknown as {
  __koppelingSql?: postgres.Sql;
  __koppelingValuePlannedSql?: postgres.Sql;
  __koppelingDb?: Db;
  __koppelingBeforeClose?: Set<() => Promise<void>>;
};

/**
 * Work that must reach the database before a process closes its pools (a writer's buffered
 * rows): run by closeDb first. Otherwise a writer's timer firing after the close would open a
 * new pool, whose connection keeps the process from ever exiting.
 */
export function beforeCloseDb(flush: () => Promise<void>): void {
  cache.__koppelingBeforeClose ??= new Set();
  cache.__koppelingBeforeClose.add(flush);
}

function connect(max: number, settings: Record<string, string> = {}): postgres.Sql {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set");
  return postgres(url, {
    max,
    onnotice: () => {},
    connect_timeout: 10,
    // Nothing waits for ever: not a statement, not a row lock, not a transaction left open.
    connection: {
      application_name: process.env.DATABASE_APPLICATION_NAME ?? "koppeling",
      statement_timeout: Number(process.env.DATABASE_STATEMENT_TIMEOUT_MS ?? 30_000),
      lock_timeout: Number(process.env.DATABASE_LOCK_TIMEOUT_MS ?? 10_000),
      idle_in_transaction_session_timeout: 60_000,
      ...settings,
    },
  });
}

export function getSql(): postgres.Sql {
  cache.__koppelingSql ??= connect(Number(process.env.DATABASE_POOL_SIZE ?? 10));
  return cache.__koppelingSql;
}

/**
 * For the few reads whose best plan depends on the values asked (the overview's search with a
 * filter): planned for each call's values. On the main pool a prepared statement run five times
 * may get PostgreSQL's generic plan, made without the values; for "12" with state "fout" at
 * 100,000 divisions that plan took 1.6 s where the one for the values takes milliseconds. The
 * main pool keeps generic plans, which save its many small statements their planning.
 */
export function getValuePlannedSql(): postgres.Sql {
  cache.__koppelingValuePlannedSql ??= connect(Number(process.env.DATABASE_OVERVIEW_POOL_SIZE ?? 5), {
    plan_cache_mode: "force_custom_plan",
  });
  return cache.__koppelingValuePlannedSql;
}

export function getDb(): Db {
  cache.__koppelingDb ??= drizzle(getSql(), { schema });
  return cache.__koppelingDb;
}

export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

export async function closeDb(): Promise<void> {
  await Promise.all([...(cache.__koppelingBeforeClose ?? [])].map((flush) => flush().catch(() => {})));
  const s = cache.__koppelingSql;
  const planned = cache.__koppelingValuePlannedSql;
  cache.__koppelingSql = undefined;
  cache.__koppelingValuePlannedSql = undefined;
  cache.__koppelingDb = undefined;
  await stopChangeListener();
  await Promise.all([s?.end({ timeout: 5 }), planned?.end({ timeout: 5 })]);
}
