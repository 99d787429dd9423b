import "server-only";
import { getSql } from "@/db/client";
import { col, rawQuery } from "@/db/raw-query";
import { QUEUES } from "./job-queue";

// The job queue as the metrics and /readyz see it, read from pg-boss's own tables.

export type QueueBacklog = { queue: string; waiting: number; oldestWaitingSeconds: number };

async function installed(): Promise<boolean> {
  const [{ present }] = await rawQuery(
    { present: col.boolean },
    getSql()`select to_regclass('pgboss.job') is not null as present`,
  );
  return present;
}

/**
 * Per queue: the jobs due and not taken by a worker yet (created or up for a retry, their
 * start time passed), and how long the oldest of them has been due. Every queue, zero when idle.
 */
export async function queueBacklog(): Promise<QueueBacklog[]> {
  const rows = (await installed())
    ? await rawQuery(
        { queue: col.text, waiting: col.integer, oldest: col.number },
        getSql()`select name as queue, count(*) as waiting,
            extract(epoch from now() - min(start_after))::float8 as oldest
          from pgboss.job where state in ('created', 'retry') and start_after <= now()
          group by name`,
      )
    : [];
  return Object.values(QUEUES).map((queue) => {
    const row = rows.find((r) => r.queue === queue);
    return { queue, waiting: row?.waiting ?? 0, oldestWaitingSeconds: Math.max(0, row?.oldest ?? 0) };
  });
}

/** When the scheduled keep-alive last completed; null when it never has (or the queue keeps no record). */
export async function lastKeepAliveRun(): Promise<Date | null> {
  if (!(await installed())) return null;
  const [row] = await rawQuery(
    { at: col.nullable(col.timestamp) },
    getSql()`select max(completed_on) as at from pgboss.job where name = ${QUEUES.keepAlive} and state = 'completed'`,
  );
  return row.at;
}

/** Resolves when the job queue's tables answer; throws when they do not (or were never made). */
export async function queueReachable(): Promise<void> {
  await getSql()`select 1 from pgboss.queue limit 1`;
}
