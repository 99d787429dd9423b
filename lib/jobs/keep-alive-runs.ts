import "server-only";
import { getSql } from "@/db/client";
import { col, rawQuery } from "@/db/raw-query";
import { QUEUES } from "./job-queue";

export type KeepAliveRun = {
  at: Date;
  /** pg-boss's state of the scheduled run: completed, failed, active, created, retry. */
  state: string;
  /** Logins it queued, and how their keep-alives ended so far. */
  queued: number;
  checked: number;
  failed: number;
};

/**
 * The last runs of the keep-alive, newest first, read from the job queue's own table (the
 * queue keeps finished jobs a week). Empty while no worker has ever run.
 */
export async function recentKeepAliveRuns(limit = 5): Promise<KeepAliveRun[]> {
  const sql = getSql();
  const [{ installed }] = await rawQuery(
    { installed: col.boolean },
    sql`select to_regclass('pgboss.job') is not null as installed`,
  );
  if (!installed) return [];
  // pgboss.job is partitioned by queue: its key is (name, id), and a run is grouped by both.
  const rows = await rawQuery(
    {
      at: col.timestamp,
      state: col.text,
      queued: col.nullable(col.integer),
      checked: col.integer,
      failed: col.integer,
    },
    sql`select r.created_on as at, r.state::text as state, (r.output->>'queued')::int as queued,
       count(l.id) filter (where l.state = 'completed' and l.output->>'outcome' = 'checked')::int as checked,
       count(l.id) filter (where l.state in ('failed', 'retry') or l.output->>'outcome' = 'dead')::int as failed
     from pgboss.job r
     left join pgboss.job l on l.name = ${QUEUES.keepAliveLogin} and l.created_on >= r.created_on
       and l.created_on < coalesce((select min(n.created_on) from pgboss.job n
         where n.name = ${QUEUES.keepAlive} and n.created_on > r.created_on), 'infinity')
     where r.name = ${QUEUES.keepAlive}
     group by r.name, r.id order by r.created_on desc limit ${limit}`,
  );
  return rows.map((r) => ({ ...r, queued: r.queued ?? 0 }));
}
