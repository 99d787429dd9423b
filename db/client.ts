import "server-only";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { stopChangeListener } from "./change-listener";
import * as schema from "./schema";

// The one door to the database. The connection is made on first use, not at import,
// so `next build` (which has no database) can import modules that use it.
type Db = ReturnType<typeof drizzle<typeof schema>>;
const cache = globalThis as unknown as { __koppelingSql?: postgres.Sql; __koppelingDb?: Db };

export function getSql(): postgres.Sql {
  if (!cache.__koppelingSql) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set");
    cache.__koppelingSql = postgres(url, {
      max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
      onnotice: () => {},
      connect_timeout: 10,
      // Nothing waits for ever: not a statement, not a row lock, not a transaction left open.
      connection: {
        application_name: process.env.DATABASE_APPLICATION_NAME ?? "koppeling",
        statement_timeout: Number(process.env.DATABASE_STATEMENT_TIMEOUT_MS ?? 30_000),
        lock_timeout: Number(process.env.DATABASE_LOCK_TIMEOUT_MS ?? 10_000),
        idle_in_transaction_session_timeout: 60_000,
      },
    });
  }
  return cache.__koppelingSql;
}

export function getDb(): Db {
  cache.__koppelingDb ??= drizzle(getSql(), { schema });
  return cache.__koppelingDb;
}

export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

export async function closeDb(): Promise<void> {
  const s = cache.__koppelingSql;
  cache.__koppelingSql = undefined;
  cache.__koppelingDb = undefined;
  await stopChangeListener();
  await s?.end({ timeout: 5 });
}
