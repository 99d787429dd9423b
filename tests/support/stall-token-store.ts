import { getSql } from "@/db/client";

/**
 * A real fault in the database, not a mock: the first UPDATE of oauth_logins that writes a new
 * refresh token sleeps 20 s inside PostgreSQL (a trigger), so a test can find that backend and
 * kill it mid-store. "Once" is a sequence: nextval survives the killed transaction's rollback,
 * a flag row would not. `firings()` counts the stores the trigger saw (the killed one included).
 */
export async function stallTokenStoreOnce(): Promise<{ firings: () => Promise<number>; remove: () => Promise<void> }> {
  // getSql() each time, not kept: the test may replace the pool in between.
  const sql = getSql();
  await sql`create sequence token_store_stall_once`;
  await sql.unsafe(`
    create function token_store_stall() returns trigger language plpgsql as $$
    begin
      if nextval('token_store_stall_once') = 1 then perform pg_sleep(20); end if;
      return new;
    end $$`);
  await sql.unsafe(`
    create trigger token_store_stall before update on oauth_logins for each row
    when (new.refresh_token_enc is distinct from old.refresh_token_enc) execute function token_store_stall()`);
  return {
    firings: async () => {
      const [s] = await getSql()`select last_value, is_called from token_store_stall_once`;
      return s.is_called ? Number(s.last_value) : 0;
    },
    remove: async () => {
      const sql = getSql();
      await sql`drop trigger if exists token_store_stall on oauth_logins`;
      await sql`drop function if exists token_store_stall()`;
      await sql`drop sequence if exists token_store_stall_once`;
    },
  };
}

/** The backend sleeping in that trigger, once there is one (null after `ms`). */
export async function stalledStoreBackend(ms: number): Promise<number | null> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const [row] = await getSql()`
      select pid from pg_stat_activity
      where datname = current_database() and wait_event = 'PgSleep' and query ilike '%update "oauth_logins"%'`;
    if (row) return row.pid;
    await new Promise((r) => setTimeout(r, 20));
  }
  return null;
}
