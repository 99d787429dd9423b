import postgres from "postgres";

export type PoolPeak = { busy: number; total: number; samples: number };

/**
 * Samples, every ~5 ms on a connection of its own, how many connections named
 * `applicationPrefix…` the database has and how many of them are not idle; `stop()` gives
 * the busiest moment seen.
 */
export function samplePool(url: string, applicationPrefix: string): { stop: () => Promise<PoolPeak> } {
  const sql = postgres(url, { max: 1, onnotice: () => {}, connection: { application_name: "bench-sampler" } });
  const peak: PoolPeak = { busy: 0, total: 0, samples: 0 };
  let running = true;
  const loop = (async () => {
    while (running) {
      const [row] = await sql`
        select count(*) filter (where state <> 'idle')::int as busy, count(*)::int as total
        from pg_stat_activity
        where datname = current_database() and application_name like ${`${applicationPrefix}%`}`;
      peak.busy = Math.max(peak.busy, row.busy);
      peak.total = Math.max(peak.total, row.total);
      peak.samples++;
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      await sql.end({ timeout: 1 });
      return peak;
    },
  };
}
