import "server-only";
import { PgBoss } from "pg-boss";
import { logger } from "@/lib/log/logger";

// The portal's job queue: pg-boss, in the portal's own database (schema `pgboss`, apart from
// drizzle's tables). Jobs survive restarts, each runs once however many portal processes
// work the queue, failures retry with back-off, and finished jobs are pruned.

export const QUEUES = {
  /** Scheduled: finds the logins due for a keep-alive and queues one job each. */
  keepAlive: "keepalive",
  /** One login's keep-alive: a refresh through the token lease, then current/Me. */
  keepAliveLogin: "keepalive-login",
  /** Scheduled, and after every keep-alive: finds changes of state not yet announced. */
  notifyScan: "notify-scan",
  /** One login's change of state, by e-mail / to the webhook: one job per channel. */
  notifyEmail: "notify-email",
  notifyWebhook: "notify-webhook",
  /** Scheduled daily: deletes call records older than ACTIVITY_RETENTION_DAYS. */
  activityPrune: "activity-prune",
} as const;

/**
 * The first wait before a failed job is tried again, from a setting (default 60 s):
 * NOTIFY_RETRY_DELAY_SECONDS for notifications, KEEPALIVE_RETRY_DELAY_SECONDS for a login's
 * keep-alive.
 */
function retryDelaySeconds(setting: "NOTIFY_RETRY_DELAY_SECONDS" | "KEEPALIVE_RETRY_DELAY_SECONDS"): number {
  const seconds = Number(process.env[setting] ?? 60);
  return Number.isInteger(seconds) && seconds >= 1 ? seconds : 60;
}

/**
 * JOB_POLL_SECONDS: how often an idle worker looks for a new job (pg-boss's 2 s by default,
 * never under its 0.5 s): the longest a sent job waits for a worker that has nothing to do.
 */
export function jobPollSeconds(): number {
  const seconds = Number(process.env.JOB_POLL_SECONDS ?? 2);
  return Number.isFinite(seconds) && seconds >= 0.5 ? seconds : 2;
}

/** Codes of a database that is away for a moment (PostgreSQL's and the socket's). */
const DATABASE_AWAY = new Set(["57P01", "57P02", "57P03", "ECONNREFUSED", "ECONNRESET"]);

/** Finished jobs are kept a week, so the last runs can be shown, then pruned. */
const KEEP_FINISHED_SECONDS = 7 * 24 * 3600;

export async function startJobQueue(options: { schedule: boolean }): Promise<PgBoss> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set");
  const boss = new PgBoss({
    connectionString: url,
    schema: "pgboss",
    max: 3,
    schedule: options.schedule,
    supervise: options.schedule,
    application_name: "koppeling-jobs",
  });
  boss.on("error", (e) => {
    // The database going away for a moment — shutting down (57P01: a Ctrl+C reaches the embedded
    // one with the portal, an operator restarts it, or ends our session), starting up (57P03),
    // refusing or resetting the connection: pg-boss reconnects by itself, nothing is lost. The
    // fault soak restarting PostgreSQL saw hundreds of these as errors.
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && DATABASE_AWAY.has(code))
      logger.warn({ code }, "job queue: the database is away for a moment");
    else logger.error({ err: e }, "job queue error");
  });
  await boss.start();
  await boss.createQueue(QUEUES.keepAlive, { deleteAfterSeconds: KEEP_FINISHED_SECONDS, retryLimit: 0 });
  // Temporary failures (Exact unavailable, a rate-limit pause) back off: 1, 2, 4, 8, 16 min…
  const keepAliveRetry = {
    retryLimit: 8,
    retryDelay: retryDelaySeconds("KEEPALIVE_RETRY_DELAY_SECONDS"),
    retryBackoff: true,
    retryDelayMax: 3_600,
  };
  // At most one waiting and one running job per login (the singletonKey).
  await boss.createQueue(QUEUES.keepAliveLogin, {
    policy: "stately",
    deleteAfterSeconds: KEEP_FINISHED_SECONDS,
    ...keepAliveRetry,
  });
  // A queue made by an earlier start keeps its options: the current setting applies to it too.
  await boss.updateQueue(QUEUES.keepAliveLogin, keepAliveRetry);
  await boss.createQueue(QUEUES.notifyScan, { deleteAfterSeconds: KEEP_FINISHED_SECONDS, retryLimit: 0 });
  await boss.createQueue(QUEUES.activityPrune, { deleteAfterSeconds: KEEP_FINISHED_SECONDS, retryLimit: 2 });
  for (const name of [QUEUES.notifyEmail, QUEUES.notifyWebhook]) {
    // A receiver that is down gets the news later: 1, 2, 4 … minutes, for about a day.
    const retry = {
      retryLimit: 12,
      retryDelay: retryDelaySeconds("NOTIFY_RETRY_DELAY_SECONDS"),
      retryBackoff: true,
      retryDelayMax: 3_600,
    };
    await boss.createQueue(name, { deleteAfterSeconds: KEEP_FINISHED_SECONDS, ...retry });
    // A queue made by an earlier start keeps its options: the current setting applies to it too.
    await boss.updateQueue(name, retry);
  }
  return boss;
}
