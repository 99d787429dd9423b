import type postgres from "postgres";

/**
 * Waits until the portal's job worker has run the keep-alive and the notification scan from
 * its schedule, both started after `since` and finished: the portal a person meets after its
 * first minute. (The e2e portal runs both every minute: KEEPALIVE_CRON in the global setup.)
 */
export async function jobsHaveRun(sql: postgres.Sql, since: Date, timeoutMs = 180_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let seen: { name: string; state: string }[] = [];
  while (Date.now() < until) {
    const [{ installed }] = await sql<
      { installed: boolean }[]
    >`select to_regclass('pgboss.job') is not null as installed`;
    if (installed) {
      seen = await sql<{ name: string; state: string }[]>`
        select name, state::text as state from pgboss.job
        where name in ('keepalive', 'notify-scan') and created_on >= ${since} order by created_on`;
      const done = (name: string) => seen.some((j) => j.name === name && j.state === "completed");
      if (done("keepalive") && done("notify-scan")) return;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the job worker did not run the keep-alive and the scan in time: ${JSON.stringify(seen)}`);
}
