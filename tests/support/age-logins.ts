import { getSql } from "@/db/client";
import type { ExactSimulator } from "@/simulator/start-exact-simulator";
import { simControl } from "./exact-simulator";

/**
 * `seconds` pass for every process at once. Exact's clock moves on by its control
 * (`exactSeconds` when it should not: while Exact is down, see exactOutage). The
 * portal's processes each keep their own clock (a worker process does not share the test's
 * in-process offset), so every time stored on the logins moves back by as much instead, which
 * is what time passing means to any process reading them: a token stored as expiring in ten
 * minutes has expired, yesterday's refresh is a day old, the login's 30 days run down.
 * The refresh lease is left alone: it times its holder's heartbeat in real time, and a holder
 * in the middle of a call must not seem to have crashed.
 */
export async function ageLogins(sim: ExactSimulator, seconds: number, exactSeconds = seconds): Promise<void> {
  const sql = getSql();
  const columns = await sql<{ name: string }[]>`
    select column_name as name from information_schema.columns
    where table_schema = current_schema() and table_name = 'oauth_logins'
      and data_type = 'timestamp with time zone' and column_name <> 'refresh_lease_until'`;
  const set = columns.map(({ name }) => `"${name}" = "${name}" - make_interval(secs => $1)`).join(", ");
  await sql.unsafe(`update oauth_logins set ${set}`, [seconds]);
  if (exactSeconds > 0) await simControl(sim, "clock", { advanceSeconds: exactSeconds });
}
