import "server-only";
import { getSql } from "@/db/client";
import { now } from "@/lib/clock";

// The call record is kept ACTIVITY_RETENTION_DAYS (default 90) and pruned by a daily job
// (lib/jobs/start-worker.ts): in batches, so a first prune of millions of rows never holds one
// long transaction or a lock the writers wait for.

const BATCH = 10_000;

/** ACTIVITY_RETENTION_DAYS: a whole number of days, at least 1; anything else is the default 90. */
export function activityRetentionDays(): number {
  const days = Number(process.env.ACTIVITY_RETENTION_DAYS ?? 90);
  return Number.isInteger(days) && days >= 1 ? days : 90;
}

/** Deletes the records older than the retention; returns how many went. */
export async function pruneExactCalls(days = activityRetentionDays()): Promise<number> {
  const before = new Date(now().getTime() - days * 86_400_000);
  const sql = getSql();
  let total = 0;
  for (;;) {
    const deleted = await sql`
      delete from exact_calls where id in (
        select id from exact_calls where at < ${before.toISOString()}::timestamptz limit ${BATCH}
      )`;
    total += deleted.count;
    if (deleted.count < BATCH) return total;
  }
}
