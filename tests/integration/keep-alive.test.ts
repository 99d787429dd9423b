import { type ChildProcess, spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { eq, sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { getDb, getSql } from "@/db/client";
import { oauthLogins } from "@/db/schema";
import { createOAuthLogin } from "@/lib/data/oauth-logins";
import { getAccessToken } from "@/lib/exact/tokens/get-access-token";
import { QUEUES } from "@/lib/jobs/job-queue";
import { keepAliveLogin, loginsDueForKeepAlive } from "@/lib/jobs/keep-alive";
import { recentKeepAliveRuns } from "@/lib/jobs/keep-alive-runs";
import { startWorker } from "@/lib/jobs/start-worker";
import type { ExactSimulator } from "@/simulator/start-exact-simulator";
import { elapse, SIM_USERS, simControl, simCounters } from "../support/exact-simulator";
import { linkedLogin } from "../support/linked-login";
import { type PortalWithSimulator, portalWithSimulator } from "../support/portal-with-simulator";
import { ROOT } from "../support/run-script";

const world = portalWithSimulator({ linked: { description: "Marieke", ...SIM_USERS.marieke } });
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

describe("on the job queue, with two portal processes", () => {
  const workers: ChildProcess[] = [];
  afterEach(async () => {
    for (const w of workers.splice(0)) {
      w.kill("SIGTERM");
      await new Promise((r) => (w.exitCode !== null ? r(null) : w.once("exit", r)));
    }
  });

  function startWorkerProcess(): ChildProcess {
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/worker.mts"], {
      cwd: ROOT,
      env: { ...process.env, KEEPALIVE_CRON: "* * * * *", KEEPALIVE_AFTER: "1m", LOG_LEVEL: "warn" },
      stdio: ["ignore", "inherit", "inherit"],
    });
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
    startWorkerProcess();
    startWorkerProcess();
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
