import type { ChildProcess } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { eq, sql } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { getDb, getSql } from "@/db/client";
import { oauthLogins } from "@/db/schema";
import { createOAuthLogin } from "@/lib/data/oauth-logins";
import { getAccessToken } from "@/lib/exact/tokens/get-access-token";
import { QUEUES, startJobQueue } from "@/lib/jobs/job-queue";
import { keepAliveLogin, loginsDueForKeepAlive } from "@/lib/jobs/keep-alive";
import { recentKeepAliveRuns } from "@/lib/jobs/keep-alive-runs";
import { startWorker } from "@/lib/jobs/start-worker";
import type { ExactSimulator } from "@/simulator/start-exact-simulator";
import { ageLogins } from "../support/age-logins";
import { exactOutage } from "../support/exact-outage";
import { elapse, refreshOutcomes, SIM_USERS, simControl, simCounters } from "../support/exact-simulator";
import { linkedLogin } from "../support/linked-login";
import { withEnv } from "../support/notify-world";
import { type PortalWithSimulator, portalWithSimulator } from "../support/portal-with-simulator";
import { loginKeepAlivesSettled, runKeepAliveThroughQueue } from "../support/run-keep-alive-through-queue";
import { startWorkerProcess, stopWorkerProcess } from "../support/worker-process";

// Exact's state is kept in a file, so the simulator can go down and come back (exactOutage).
const world = portalWithSimulator({ linked: { description: "Marieke", ...SIM_USERS.marieke }, exactStateFile: true });
let sim: ExactSimulator;
let admin: PortalWithSimulator["admin"];
let environmentId: string;
let loginId: string;
beforeEach(async () => {
  ({ sim, admin, environmentId, loginId } = world);
});

const DAY = 24 * 3600;
const row = async (id = loginId) => (await getDb().select().from(oauthLogins).where(eq(oauthLogins.id, id)))[0];
const refreshes = async () => ((await simCounters(sim)).token.refresh_token as Record<string, number>).ok ?? 0;

describe("which logins the keep-alive visits", () => {
  test("linked logins not refreshed for longer than KEEPALIVE_AFTER; never dead or pending ones", async () => {
    const fresh = await linkedLogin(sim, admin, environmentId, { description: "Pieter", ...SIM_USERS.pieter });
    const dead = await linkedLogin(sim, admin, environmentId, { description: "Sanne", ...SIM_USERS.sanne });
    const { id: pending } = await createOAuthLogin(admin, environmentId, { description: "Wacht", site: "NL" });
    const hoursAgo = (h: number) => sql`now() - make_interval(hours => ${h})`;
    await getDb()
      .update(oauthLogins)
      .set({ lastRefreshAt: hoursAgo(25) })
      .where(eq(oauthLogins.id, loginId));
    await getDb()
      .update(oauthLogins)
      .set({ lastRefreshAt: hoursAgo(2) })
      .where(eq(oauthLogins.id, fresh));
    await getDb()
      .update(oauthLogins)
      .set({ lastRefreshAt: hoursAgo(25), status: "needs_reauth" })
      .where(eq(oauthLogins.id, dead));
    expect(await loginsDueForKeepAlive(DAY * 1000)).toEqual([loginId]);
    expect((await loginsDueForKeepAlive(3600 * 1000)).sort()).toEqual([loginId, fresh].sort());
    expect(await loginsDueForKeepAlive(3600 * 1000)).not.toContain(pending);
  });
});

describe("the keep-alive of one login", () => {
  test("refreshes through the token store once it is due and reads current/Me, so last check is real", async () => {
    await elapse(sim, DAY);
    const before = await row();
    expect(await keepAliveLogin(loginId)).toBe("checked");
    const after = await row();
    expect(await refreshes()).toBe(1);
    expect(after.tokenVersion).toBe(before.tokenVersion + 1);
    expect(after.lastCheckAt?.getTime()).toBeGreaterThan(before.lastCheckAt?.getTime() ?? 0);
    expect(after).toMatchObject({ status: "active", lastError: null });
  });

  test("never refreshes earlier than Exact allows: a token still fresh is only used", async () => {
    await elapse(sim, 300);
    expect(await keepAliveLogin(loginId)).toBe("checked");
    const counts = (await simCounters(sim)).token.refresh_token as Record<string, number>;
    expect(counts.ok ?? 0).toBe(0);
    expect(counts.too_early ?? 0).toBe(0);
  });

  test("a passing failure is thrown for the queue to retry; the login is not marked dead", async () => {
    await elapse(sim, DAY);
    await simControl(sim, "fault", { path: "/api/oauth2/token", fault: { status: 503 } });
    await expect(keepAliveLogin(loginId)).rejects.toMatchObject({ code: "exact_unavailable" });
    expect(await row()).toMatchObject({ status: "active", lastError: "exact_unavailable" });
    expect(await keepAliveLogin(loginId)).toBe("checked");
  });

  test("a dead login is reported, not retried", async () => {
    await simControl(sim, "reset", {});
    await elapse(sim, DAY);
    expect(await keepAliveLogin(loginId)).toBe("dead");
    expect(await row()).toMatchObject({ status: "needs_reauth", lastError: "refresh_token_invalid" });
  });
});

// The header shows these on every signed-in page, read from pg-boss's own (partitioned) job
// table once a worker has made it: a query PostgreSQL refuses there, or a date that is text,
// broke every page of a portal started with `npm start`.
describe("the keep-alive's last runs, as the header reads them", () => {
  test("empty before any worker; after a run through the queue: its time as a Date and what it did", async () => {
    await getSql()`drop schema if exists pgboss cascade`;
    expect(await recentKeepAliveRuns()).toEqual([]);
    await getSql()`update oauth_logins set last_refresh_at = now() - interval '2 days' where id = ${loginId}`;
    await elapse(sim, DAY);
    const before = Date.now();
    const worker = await startWorker();
    try {
      await worker.boss.send(QUEUES.keepAlive, null);
      const until = Date.now() + 60_000;
      let runs = await recentKeepAliveRuns();
      while (Date.now() < until && !(runs[0]?.state === "completed" && runs[0].checked === 1)) {
        await sleep(250);
        runs = await recentKeepAliveRuns();
      }
      expect(runs).toHaveLength(1);
      const [run] = runs;
      expect(run).toMatchObject({ state: "completed", queued: 1, checked: 1, failed: 0 });
      expect(run.at).toBeInstanceOf(Date);
      expect(run.at.getTime()).toBeGreaterThanOrEqual(before - 1_000);
      expect(run.at.getTime()).toBeLessThanOrEqual(Date.now());
    } finally {
      await worker.stop();
    }
  }, 90_000);
});

describe("thirty idle days", () => {
  const runKeepAlive = async () => {
    for (const id of await loginsDueForKeepAlive()) await keepAliveLogin(id);
  };

  test("with the keep-alive running every six hours, the login is still active after 30 days", async () => {
    for (let hours = 0; hours < 31 * 24; hours += 6) {
      await elapse(sim, 6 * 3600);
      await runKeepAlive();
    }
    expect(await row()).toMatchObject({ status: "active", lastError: null });
    // One refresh a day, give or take the six-hour steps: a handful of Exact's 200 a day.
    expect(await refreshes()).toBeGreaterThanOrEqual(25);
    expect(await refreshes()).toBeLessThanOrEqual(31);
    await getAccessToken(loginId);
  });

  test("without it, Exact's refresh token expires and the login needs re-authorization", async () => {
    await elapse(sim, 31 * DAY);
    await expect(getAccessToken(loginId)).rejects.toMatchObject({ code: "needs_reauth" });
    expect(await row()).toMatchObject({ status: "needs_reauth", lastError: "refresh_token_expired" });
  });
});

describe("thirty-one idle days through the job queue, with Exact down for two of them", () => {
  let restoreEnv: () => void;
  beforeEach(async () => {
    // The test sends each run itself, so no cron run may come in between; a keep-alive that
    // failed is tried again by the queue after a second or two here, not a minute; and an idle
    // worker looks for jobs every half second, not two, so 62 runs do not take minutes.
    restoreEnv = withEnv({ KEEPALIVE_CRON: "0 0 1 1 *", KEEPALIVE_RETRY_DELAY_SECONDS: "1", JOB_POLL_SECONDS: "0.5" });
    // A clean queue: no schedule or job left by an earlier test.
    await getSql()`drop schema if exists pgboss cascade`;
  });
  let outage: Awaited<ReturnType<typeof exactOutage>> | undefined;
  afterEach(async () => {
    restoreEnv();
    // Exact back for the tests after this one, also when this one failed while it was down.
    await outage?.end();
    outage = undefined;
    sim = world.sim;
  });

  const STEP = 12 * 3600;
  const STEPS = 62;
  // Exact goes down after the run of day 10 and comes back after the run of day 12: the runs of
  // days 11, 11½ and 12 find the login due and cannot reach Exact.
  const OUTAGE_STEPS = [21, 22, 23, 24];

  type QueueSide = { boss: PgBoss; stop: () => Promise<void> };
  const inThePortalProcess = async (): Promise<QueueSide> => {
    // What `npm start` does after the server is up (scripts/start.mts).
    const worker = await startWorker();
    return { boss: worker.boss, stop: worker.stop };
  };
  const inAWorkerProcess = async (): Promise<QueueSide> => {
    const child = startWorkerProcess();
    // The runs are sent from here, as a schedule in another process sends them.
    const boss = await startJobQueue({ schedule: false });
    return {
      boss,
      stop: async () => {
        await boss.stop({ graceful: true });
        await stopWorkerProcess(child);
      },
    };
  };

  // Time moves for both sides every step: Exact's clock by its control, the portal's by the
  // login's stored times (ageLogins), since a worker process has its own clock. A run each
  // twelve hours; the login is due once a day (KEEPALIVE_AFTER 1d).
  test.each([
    ["the worker `npm start` runs in the portal process", inThePortalProcess],
    ["`npm run worker`, in a process of its own", inAWorkerProcess],
  ])(
    "worked by %s: the login stays active, refreshed once a day, and recovers by the queue's retry after the outage",
    async (_, start) => {
      const side = await start();
      try {
        let refreshedBeforeOutage = 0;
        const outageJobs = new Set<string>();
        for (let step = 1; step <= STEPS; step++) {
          if (step === OUTAGE_STEPS[0]) {
            refreshedBeforeOutage = await refreshes();
            outage = await exactOutage(world, OUTAGE_STEPS.length * STEP);
          }
          await ageLogins(sim, STEP, outage ? 0 : STEP);
          const { run, logins } = await runKeepAliveThroughQueue(side.boss, { retryMayWait: outage !== undefined });
          expect(run.state).toBe("completed");
          if (!outage) {
            expect(await row()).toMatchObject({ status: "active", lastError: null });
            expect(logins.filter((j) => !outageJobs.has(j.id) && j.state !== "completed")).toEqual([]);
            continue;
          }
          for (const j of logins) outageJobs.add(j.id);
          // Refreshed half a day ago: not due, so the run leaves Exact alone.
          if (step === OUTAGE_STEPS[0]) expect(run.output).toEqual({ queued: 0 });
          else {
            // Due, and Exact cannot be reached: a passing failure, so the login is not given up;
            // and the refresh never left, so it is not in doubt either.
            expect(await row()).toMatchObject({
              status: "active",
              lastError: "exact_unreachable",
              refreshInDoubtAt: null,
            });
            expect(logins.filter((j) => j.state === "retry").length).toBeGreaterThan(0);
          }
          if (step === OUTAGE_STEPS.at(-1)) {
            const waiting = logins.filter((j) => j.state === "retry").map((j) => j.id);
            await outage.end();
            sim = world.sim;
            outage = undefined;
            // No run is sent: the job that failed while Exact was down is tried again by the queue.
            const settled = await loginKeepAlivesSettled({ seconds: 90 });
            const retried = settled.filter((j) => waiting.includes(j.id) && j.state === "completed");
            expect(retried.length).toBeGreaterThan(0);
            expect(retried[0]).toMatchObject({ output: { outcome: "checked" } });
            expect(retried[0].retryCount).toBeGreaterThanOrEqual(1);
            expect(await row()).toMatchObject({ status: "active", lastError: null });
            expect(await refreshes()).toBe(refreshedBeforeOutage + 1);
          }
        }
        expect(await row()).toMatchObject({ status: "active", lastError: null });
        // Once a day: days 1 to 10, the retry when Exact came back (day 12), days 13 to 31; the
        // three due runs while Exact was down reached nothing. Every refresh Exact counted was
        // accepted: none too early, no old refresh token, none expired.
        const refreshed = await refreshes();
        expect(refreshed).toBeGreaterThanOrEqual(29);
        expect(refreshed).toBeLessThanOrEqual(31);
        expect(await refreshOutcomes(sim)).toEqual({ ok: refreshed });
        await getAccessToken(loginId);
      } finally {
        await side.stop();
      }
    },
    300_000,
  );
});

describe("on the job queue, with two portal processes", () => {
  const workers: ChildProcess[] = [];
  afterEach(async () => {
    for (const w of workers.splice(0)) await stopWorkerProcess(w);
  });

  function startTestWorker(): ChildProcess {
    const child = startWorkerProcess({ KEEPALIVE_CRON: "* * * * *", KEEPALIVE_AFTER: "1m" });
    workers.push(child);
    return child;
  }

  async function waitFor(check: () => Promise<boolean>, seconds: number): Promise<void> {
    const until = Date.now() + seconds * 1000;
    while (Date.now() < until) {
      if (await check()) return;
      await sleep(500);
    }
    throw new Error(`not within ${seconds} s`);
  }

  test("an idle login is refreshed by the scheduled job, without any request, once per due period", async () => {
    // A clean queue: no schedule or job left by an earlier run.
    await getSql()`drop schema if exists pgboss cascade`;
    // Idle for a day on Exact's clock and on the row (the workers run on real time).
    await simControl(sim, "clock", { advanceSeconds: DAY });
    await getSql()`update oauth_logins set last_refresh_at = now() - interval '1 day',
      access_token_expires_at = now() - interval '1 hour' where id = ${loginId}`;
    const meCalls = async () => ((await simCounters(sim)).api["current/Me"] as number) ?? 0;
    const baseline = await meCalls();
    startTestWorker();
    startTestWorker();
    await waitFor(async () => (await refreshes()) > 0, 100);
    await waitFor(async () => (await meCalls()) > baseline, 10);
    const first = await row();
    expect(first).toMatchObject({ status: "active", lastError: null });
    // Another idle period for the row (the next run may come a few seconds short of a minute
    // after this refresh): the next run finds the login due again, but Exact allows no refresh
    // within 570 s of the last, so current/Me only, once, whichever process runs it.
    await getSql()`update oauth_logins set last_refresh_at = now() - interval '2 minutes' where id = ${loginId}`;
    await waitFor(async () => (await meCalls()) > baseline + 1, 100);
    await sleep(3_000);
    expect(await refreshes()).toBe(1);
    expect(await meCalls()).toBe(baseline + 2);
    const counts = (await simCounters(sim)).token.refresh_token as Record<string, number>;
    expect(counts.too_early ?? 0).toBe(0);
    expect((await row()).tokenVersion).toBe(first.tokenVersion);
  }, 240_000);
});
