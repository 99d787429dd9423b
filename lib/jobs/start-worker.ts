import "server-only";
import type { PgBoss } from "pg-boss";
import { logger } from "@/lib/log/logger";
import { QUEUES, startJobQueue } from "./job-queue";
import { keepAliveCron, keepAliveLogin, loginsDueForKeepAlive } from "./keep-alive";

export type Worker = { boss: PgBoss; stop: () => Promise<void> };

/**
 * Works the portal's queues in this process and keeps the schedules. Every portal process
 * runs one (`npm start`), or an operator runs it apart (`npm run worker`); pg-boss sees to it
 * that each job runs once however many there are.
 */
export async function startWorker(): Promise<Worker> {
  const boss = await startJobQueue({ schedule: true });
  await boss.schedule(QUEUES.keepAlive, keepAliveCron(), null, { tz: "Europe/Amsterdam" });
  await boss.work(QUEUES.keepAlive, async () => {
    const due = await loginsDueForKeepAlive();
    // One job per login, at most one queued per login at a time: a slow Exact never piles up.
    for (const loginId of due) await boss.send(QUEUES.keepAliveLogin, { loginId }, { singletonKey: loginId });
    logger.info({ logins: due.length }, "keep-alive: logins queued");
    return { queued: due.length };
  });
  await boss.work<{ loginId: string }>(QUEUES.keepAliveLogin, async ([job]) => {
    return { outcome: await keepAliveLogin(job.data.loginId) };
  });
  return { boss, stop: () => boss.stop({ graceful: true, timeout: 10_000 }) };
}
