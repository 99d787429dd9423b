import "server-only";
import type { PgBoss } from "pg-boss";
import { flushExactCalls } from "@/lib/exact/activity/exact-call-recorder";
import { pruneExactCalls } from "@/lib/exact/activity/prune-exact-calls";
import { forgetThisProcess, liveProcesses } from "@/lib/exact/api/live-processes";
import { logger } from "@/lib/log/logger";
import { safeErrorMessage } from "@/lib/log/safe-error";
import { deliverLoginNotification } from "@/lib/notify/deliver-login-notification";
import { isRetryable } from "@/lib/notify/notification-error";
import { jobPollSeconds, QUEUES, startJobQueue } from "./job-queue";
import { keepAliveCron, keepAliveLogin, loginsDueForKeepAlive } from "./keep-alive";
import { type NotificationJob, notifyStateChanges } from "./notify-state-changes";

/**
 * One notification through one channel. A failure that a retry can mend is thrown (the queue
 * retries with back-off); one it cannot (a 4xx from the webhook, a refused sender) is logged
 * and ends the job, since retrying would only repeat it.
 */
async function deliver(job: NotificationJob, channel: "email" | "webhook") {
  try {
    const receipt = await deliverLoginNotification({ ...job, channel, occurredAt: new Date(job.occurredAt) });
    return { sent: receipt !== null };
  } catch (e) {
    if (isRetryable(e)) throw e;
    logger.error({ loginId: job.loginId, channel, err: e }, "a notification cannot be delivered");
    return { sent: false, failed: safeErrorMessage(e) };
  }
}

export type Worker = {
  boss: PgBoss;
  /**
   * Lets the jobs in hand finish for up to `graceMs`, then hands back those still running
   * (failed, so the queue retries them elsewhere or at the next start).
   */
  stop: (graceMs?: number) => Promise<void>;
};

/**
 * Works the portal's queues in this process and keeps the schedules. Every portal process
 * runs one (`npm start`), or an operator runs it apart (`npm run worker`); pg-boss sees to it
 * that each job runs once however many there are.
 */
export async function startWorker(): Promise<Worker> {
  const boss = await startJobQueue({ schedule: true });
  const polling = { pollingIntervalSeconds: jobPollSeconds() };
  await boss.schedule(QUEUES.keepAlive, keepAliveCron(), null, { tz: "Europe/Amsterdam" });
  await boss.work(QUEUES.keepAlive, polling, async () => {
    const due = await loginsDueForKeepAlive();
    // One job per login, at most one queued per login at a time: a slow Exact never piles up.
    for (const loginId of due) await boss.send(QUEUES.keepAliveLogin, { loginId }, { singletonKey: loginId });
    logger.info({ logins: due.length }, "keep-alive: logins queued");
    return { queued: due.length };
  });
  await boss.work<{ loginId: string }>(QUEUES.keepAliveLogin, polling, async ([job]) => {
    const outcome = await keepAliveLogin(job.data.loginId);
    // A login that died or recovered just now is announced at once, not at the next scan.
    await boss.send(QUEUES.notifyScan, null, { singletonKey: "scan", singletonSeconds: 5 });
    return { outcome };
  });
  await boss.schedule(QUEUES.notifyScan, "* * * * *", null, { tz: "Europe/Amsterdam" });
  await boss.work(QUEUES.notifyScan, polling, async () => ({ queued: await notifyStateChanges(boss) }));
  await boss.schedule(QUEUES.activityPrune, "30 3 * * *", null, { tz: "Europe/Amsterdam" });
  await boss.work(QUEUES.activityPrune, polling, async () => ({ deleted: await pruneExactCalls() }));
  for (const [queue, channel] of [
    [QUEUES.notifyEmail, "email"],
    [QUEUES.notifyWebhook, "webhook"],
  ] as const) {
    await boss.work<NotificationJob>(queue, polling, async ([job]) => deliver(job.data, channel));
  }
  // The worker calls Exact (the keep-alive): it counts among the processes that share the
  // calls in flight per Exact user and division, from its start, not from its first call.
  await liveProcesses();
  return {
    boss,
    stop: async (graceMs = 10_000) => {
      await boss.stop({ graceful: true, timeout: graceMs });
      // The keep-alive's last calls are on record before the pool closes.
      await flushExactCalls();
      await forgetThisProcess();
    },
  };
}
