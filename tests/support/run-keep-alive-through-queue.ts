import { setTimeout as sleep } from "node:timers/promises";
import type { PgBoss } from "pg-boss";
import { getSql } from "@/db/client";
import { QUEUES } from "@/lib/jobs/job-queue";

export type QueueJob = {
  id: string;
  state: string;
  retryCount: number;
  output: Record<string, unknown> | null;
};

const jobsOf = (queue: string) => getSql()<QueueJob[]>`
  select id, state::text as state, retry_count as "retryCount", output
  from pgboss.job where name = ${queue} order by created_on`;

/**
 * The logins' keep-alive jobs once none is waiting to start or running, read from pg-boss's own
 * table. A job in `retry` has failed and waits for the queue to try it again: settled too when
 * `retryMayWait` (Exact is down, so a retry cannot end it), otherwise still under way.
 */
export async function loginKeepAlivesSettled(
  options: { retryMayWait?: boolean; seconds?: number } = {},
): Promise<QueueJob[]> {
  const pending = options.retryMayWait ? ["created", "active"] : ["created", "retry", "active"];
  const until = Date.now() + (options.seconds ?? 60) * 1000;
  for (;;) {
    const jobs = await jobsOf(QUEUES.keepAliveLogin);
    if (!jobs.some((j) => pending.includes(j.state))) return jobs;
    if (Date.now() > until) throw new Error(`keep-alives of logins still under way: ${JSON.stringify(jobs)}`);
    await sleep(50);
  }
}

/**
 * One run of the keep-alive as its schedule starts it, without waiting for the cron: its job is
 * sent through pg-boss for whichever worker takes it. Returns once that run has ended and the
 * keep-alives of logins it queued have settled (loginKeepAlivesSettled), with those jobs.
 */
export async function runKeepAliveThroughQueue(
  boss: PgBoss,
  options: { retryMayWait?: boolean; seconds?: number } = {},
): Promise<{ run: QueueJob; logins: QueueJob[] }> {
  const id = await boss.send(QUEUES.keepAlive, null);
  if (!id) throw new Error("the queue took no keep-alive run");
  const until = Date.now() + (options.seconds ?? 60) * 1000;
  for (;;) {
    const run = (await jobsOf(QUEUES.keepAlive)).find((j) => j.id === id);
    if (run && ["completed", "failed", "cancelled"].includes(run.state)) {
      return { run, logins: await loginKeepAlivesSettled(options) };
    }
    if (Date.now() > until) throw new Error(`the keep-alive run did not end: ${JSON.stringify(run)}`);
    await sleep(50);
  }
}
