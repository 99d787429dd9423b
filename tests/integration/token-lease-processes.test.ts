// The token lease across real processes, on real PostgreSQL and the simulator: several Node
// processes competing for one refresh, a connection killed mid-store, a holder SIGKILLed
// mid-refresh, and a pool that stays free while Exact is slow. Nothing is mocked.
process.env.DATABASE_POOL_SIZE = "10";
process.env.DATABASE_APPLICATION_NAME = "koppeling-lease-test";

import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { eq } from "drizzle-orm";
import { afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { GET as health } from "@/app/api/health/route";
import { closeDb, getDb, getSql } from "@/db/client";
import { auditEvents, oauthLogins } from "@/db/schema";
import { accessTokenColumn, refreshTokenColumn } from "@/lib/crypto/secret-columns";
import { listEnvironments } from "@/lib/data/environments";
import { accessTokenFor, getAccessToken } from "@/lib/exact/tokens/get-access-token";
import type { ExactSimulator } from "@/simulator/start-exact-simulator";
import { ExactTestClient } from "@/simulator/testing/exact-test-client";
import { crowdFixture, linkCrowd } from "../support/crowd-fixture";
import {
  pendingFaults,
  refreshOutcomes,
  simControl,
  startSimulatorForPortal,
  withLatency,
} from "../support/exact-simulator";
import { linkedLogin } from "../support/linked-login";
import { makeLoginsDue } from "../support/make-logins-due";
import { waitUntil } from "../support/postgres-processes";
import { resetDatabase } from "../support/reset-database";
import { stalledStoreBackend, stallTokenStoreOnce } from "../support/stall-token-store";
import { killTokenCallers, startTokenCallerProcesses, type TokenCallerProcess } from "../support/token-caller-process";
import type { CallerOutcome } from "../support/token-callers-report";
import { actorOf, makeUser } from "../support/users";

const CROWD = 20;
const fixturePath = crowdFixture(CROWD);
/** A short lease, so a killed holder's lease runs out within the test. */
const SHORT_LEASE = { EXACT_REFRESH_LEASE_MS: "2000" };

let sim: ExactSimulator;
let admin: Awaited<ReturnType<typeof adminActor>>;
let environmentId: string;

const adminActor = async () => actorOf(await makeUser("admin@example.nl", "admin"));

beforeAll(async () => {
  // This file's pool: 10 connections, named, whatever another file opened before.
  await closeDb();
});

beforeEach(async () => {
  await resetDatabase();
  // A fresh simulator per test: closing it cuts any delayed answer a test left pending.
  sim = await startSimulatorForPortal({ fixturePath });
  // Exact's answers take 20–200 ms, as real Exact's do: the races are as wide as in production.
  await withLatency(sim, 20, 200);
  admin = await adminActor();
  environmentId = (await listEnvironments())[0].id;
});

afterEach(async () => {
  await killTokenCallers();
  await sim.close();
});

const sha256 = (token: string) => createHash("sha256").update(token).digest("hex");
const row = async (loginId: string) => (await getDb().select().from(oauthLogins).where(eq(oauthLogins.id, loginId)))[0];
const storedAccessToken = async (loginId: string) =>
  accessTokenColumn.open(loginId, (await row(loginId)).accessTokenEnc as string);
const storedRefreshToken = async (loginId: string) =>
  refreshTokenColumn.open(loginId, (await row(loginId)).refreshTokenEnc as string);

async function meStatus(token: string) {
  const r = await fetch(`${sim.siteUrl("NL")}/api/v1/current/Me`, {
    headers: { Accept: "application/json", Authorization: `Bearer ${token}` },
  });
  return r.status;
}

/** Lets every process's callers go at once; all their outcomes. */
async function goAll(processes: TokenCallerProcess[]): Promise<CallerOutcome[]> {
  const reports = await Promise.all(processes.map((p) => p.round()));
  expect(new Set(reports.map((r) => r.pid)).size).toBe(processes.length);
  return reports.flatMap((r) => r.outcomes);
}

/** Every caller got a token, and for each login it is the one stored now, one version on. */
async function expectOneNewTokenPerLogin(outcomes: CallerOutcome[], before: Map<string, number>) {
  expect(outcomes.filter((o) => o.code !== undefined)).toEqual([]);
  for (const [loginId, version] of before) {
    const after = await row(loginId);
    expect(after).toMatchObject({
      status: "active",
      tokenVersion: version + 1,
      refreshLeaseOwner: null,
      refreshLeaseUntil: null,
      refreshInDoubtAt: null,
      lastError: null,
    });
    const stored = await storedAccessToken(loginId);
    expect(new Set(outcomes.filter((o) => o.loginId === loginId).map((o) => o.sha256))).toEqual(
      new Set([sha256(stored)]),
    );
    expect(await meStatus(stored)).toBe(200);
  }
}

const versions = async (loginIds: string[]) =>
  new Map(await Promise.all(loginIds.map(async (id) => [id, (await row(id)).tokenVersion] as const)));

describe("the token lease across processes", () => {
  /**
   * Lets the processes go in three waves, as requests reach several portal instances: the
   * first together (they race for the claim), the next as soon as a lease is seen on the row
   * (they arrive mid-refresh) and the last as soon as the new version is there (they arrive
   * just after the commit). No delay in Exact: the refresh is as quick as it is.
   */
  async function goInWaves(loginId: string, [together, midRefresh, afterCommit]: TokenCallerProcess[][]) {
    const [{ version }] = await getSql()`select token_version as version from oauth_logins where id = ${loginId}`;
    const reports = together.map((p) => p.round());
    const watch = async (until: () => Promise<boolean>) => {
      for (const end = Date.now() + 30_000; Date.now() < end; ) if (await until()) return;
      throw new Error("the refresh did not happen");
    };
    const state = async () =>
      (
        await getSql()`select token_version as version, refresh_lease_owner as owner from oauth_logins where id = ${loginId}`
      )[0];
    await watch(async () => {
      const s = await state();
      return s.owner !== null || s.version !== version;
    });
    reports.push(...midRefresh.map((p) => p.round()));
    await watch(async () => (await state()).version !== version);
    const committedAt = performance.timeOrigin + performance.now();
    reports.push(...afterCommit.map((p) => p.round()));
    const done = await Promise.all(reports);
    return { done, committedAt };
  }

  test("6 processes × 30 callers want one due login, arriving together, mid-refresh and after the commit: one refresh, one new token for all", async () => {
    const loginId = await linkedLogin(sim, admin, environmentId);
    const oldToken = await storedAccessToken(loginId);
    const before = await versions([loginId]);
    const processes = await startTokenCallerProcesses(6, [loginId], 30);
    await makeLoginsDue(sim, [loginId]);
    const { done, committedAt } = await goInWaves(loginId, [
      processes.slice(0, 2),
      processes.slice(2, 4),
      processes.slice(4),
    ]);
    const outcomes = done.flatMap((r) => r.outcomes);
    expect(outcomes).toHaveLength(180);
    expect(await refreshOutcomes(sim)).toEqual({ ok: 1 });
    await expectOneNewTokenPerLogin(outcomes, before);
    expect(outcomes[0].sha256).not.toBe(sha256(oldToken));
    // One process made the refresh (its callers share it); every other process waited for it
    // or found it done, each caller with the new version.
    const refreshers = done.filter((r) => r.outcomes.some((o) => o.refreshed));
    expect(refreshers).toHaveLength(1);
    expect(refreshers[0].outcomes.every((o) => o.refreshed)).toBe(true);
    expect(new Set(outcomes.map((o) => o.version))).toEqual(new Set([(before.get(loginId) as number) + 1]));
    // The last wave really did arrive after the commit.
    for (const late of done.slice(4)) expect(late.startedAt).toBeGreaterThan(committedAt);
  }, 120_000);

  test("Exact refused the access token before its time: callers in 4 processes each say so, one refresh across them, the new token works", async () => {
    const loginId = await linkedLogin(sim, admin, environmentId);
    const before = await versions([loginId]);
    const oldToken = await storedAccessToken(loginId);
    // Exact's early 401: the token is revoked while our row says it has minutes left.
    await simControl(sim, "revoke-access-tokens", { accessToken: oldToken });
    expect(await meStatus(oldToken)).toBe(401);
    const processes = await startTokenCallerProcesses(4, [loginId], 25, {
      TOKEN_CALLERS_REFUSED_VERSION: String(before.get(loginId)),
    });
    const { done, committedAt } = await goInWaves(loginId, [
      processes.slice(0, 2),
      processes.slice(2, 3),
      processes.slice(3),
    ]);
    const outcomes = done.flatMap((r) => r.outcomes);
    expect(outcomes).toHaveLength(100);
    // Not "too early" (Exact allows a refresh of a revoked token's chain), and only once: a
    // caller that names the refused version after it was replaced gets the new one.
    expect(await refreshOutcomes(sim)).toEqual({ ok: 1 });
    await expectOneNewTokenPerLogin(outcomes, before);
    expect(done[3].startedAt).toBeGreaterThan(committedAt);
    expect(done[3].outcomes.every((o) => !o.refreshed)).toBe(true);
  }, 120_000);

  test("20 due logins at once, 4 processes with 10 connections each: each login refreshed once, every caller served", async () => {
    const loginIds = await linkCrowd(sim, admin, environmentId, CROWD);
    const before = await versions(loginIds);
    const processes = await startTokenCallerProcesses(4, loginIds, 50, { DATABASE_POOL_SIZE: "10" });
    await makeLoginsDue(sim, loginIds);
    const outcomes = await goAll(processes);
    expect(outcomes).toHaveLength(200);
    expect(new Set(outcomes.map((o) => o.loginId)).size).toBe(CROWD);
    // Twenty refreshes, no second one for any login (it would be too early or an old token).
    expect(await refreshOutcomes(sim)).toEqual({ ok: CROWD });
    await expectOneNewTokenPerLogin(outcomes, before);
    expect(new Set(outcomes.map((o) => o.sha256)).size).toBe(CROWD);
  }, 120_000);

  test("the connection storing the new pair is killed: the pair is stored on retry, the login stays active", async () => {
    const loginId = await linkedLogin(sim, admin, environmentId);
    const before = (await row(loginId)).tokenVersion;
    const stall = await stallTokenStoreOnce();
    try {
      await makeLoginsDue(sim, [loginId]);
      const pending = accessTokenFor(loginId);
      const pid = await stalledStoreBackend(30_000);
      expect(pid).not.toBeNull();
      // Exact has rotated by now: the pair exists only in this process's memory.
      expect(await refreshOutcomes(sim)).toEqual({ ok: 1 });
      const [{ terminated }] = await getSql()`select pg_terminate_backend(${pid}) as terminated`;
      expect(terminated).toBe(true);
      const token = await pending;
      expect(token).toMatchObject({ refreshed: true, version: before + 1 });
      // Two stores reached the trigger: the killed one and the retry that committed.
      expect(await stall.firings()).toBe(2);
      expect(await getSql()`select 1 from pg_stat_activity where pid = ${pid}`).toHaveLength(0);
      expect(await row(loginId)).toMatchObject({
        status: "active",
        tokenVersion: before + 1,
        refreshLeaseOwner: null,
        lastError: null,
      });
      expect(await storedAccessToken(loginId)).toBe(token.accessToken);
    } finally {
      // postgres.js 3.4.9 keeps the killed backend's 57P01 and throws it at the first query
      // that reopens that pool slot (porsager/postgres#1223 is the same flaw at start-up): a
      // fresh pool, so that stale error cannot fall on the clean-up or on the next test.
      await closeDb();
      await stall.remove();
    }
    // The stored refresh token is the one Exact issued last: it refreshes.
    await simControl(sim, "clock", { advanceSeconds: 600 });
    expect((await new ExactTestClient(sim).refresh(await storedRefreshToken(loginId))).status).toBe(200);
    expect(await refreshOutcomes(sim)).toEqual({ ok: 2 });
  }, 120_000);

  /**
   * A holder process is mid-refresh (`inExact`) when a second process asks too: the second
   * must wait, not call Exact beside it. Then the holder is SIGKILLed, its lease (2 s) runs
   * out, and the second takes over. Returns what the second process got.
   */
  async function killHolderMidRefresh(loginId: string, fault: object, inExact: () => Promise<boolean>) {
    const [holder, next] = await startTokenCallerProcesses(2, [loginId], 1, SHORT_LEASE);
    await simControl(sim, "fault", { path: "/api/oauth2/token", fault });
    await makeLoginsDue(sim, [loginId]);
    const lost = holder.round();
    expect(await waitUntil(inExact, 30_000)).toBe(true);
    const { refreshLeaseOwner } = await row(loginId);
    expect(refreshLeaseOwner).not.toBeNull();
    const seen = await refreshOutcomes(sim);
    const answered = next.round();
    // Several lease lengths: the live holder's heartbeat keeps the waiting process out of Exact.
    await sleep(3 * Number(SHORT_LEASE.EXACT_REFRESH_LEASE_MS));
    expect(await refreshOutcomes(sim)).toEqual(seen);
    expect((await row(loginId)).refreshLeaseOwner).toBe(refreshLeaseOwner);
    await holder.kill();
    await expect(lost).rejects.toThrow(/SIGKILL/);
    return (await answered).outcomes;
  }

  test("holder SIGKILLed after Exact rotated (answer lost): one more refresh, Exact says old token, needs_reauth 'refresh_answer_lost'", async () => {
    const loginId = await linkedLogin(sim, admin, environmentId);
    const outcomes = await killHolderMidRefresh(
      loginId,
      { delayAfterTokensMs: 20_000 },
      async () => (await refreshOutcomes(sim)).ok === 1,
    );
    expect(outcomes).toEqual([{ loginId, code: "needs_reauth", at: expect.any(Number) }]);
    // Exactly one more refresh attempt: the next process's, with the token Exact had rotated.
    expect(await refreshOutcomes(sim)).toEqual({ ok: 1, old_refresh_token: 1 });
    expect(await row(loginId)).toMatchObject({
      status: "needs_reauth",
      lastError: "refresh_answer_lost",
      refreshLeaseOwner: null,
    });
    const audit = await getDb().select().from(auditEvents).where(eq(auditEvents.action, "oauth_login.needs_reauth"));
    expect(audit.map((e) => e.detail)).toEqual([expect.objectContaining({ reason: "refresh_answer_lost" })]);
  }, 120_000);

  test("holder SIGKILLed while Exact had not yet run the call: after the lease runs out the next refresh succeeds, active", async () => {
    const loginId = await linkedLogin(sim, admin, environmentId);
    const before = await versions([loginId]);
    // The call is in Exact (its fault taken) but waits there before anything rotates.
    const outcomes = await killHolderMidRefresh(
      loginId,
      { delayMs: 20_000 },
      async () => (await pendingFaults(sim)) === 0,
    );
    expect(await refreshOutcomes(sim)).toEqual({ ok: 1 });
    await expectOneNewTokenPerLogin(outcomes, before);
  }, 120_000);

  test("Exact says 'too early' to the holder: the callers waiting in another process keep the still-valid token too", async () => {
    const loginId = await linkedLogin(sim, admin, environmentId);
    const current = await storedAccessToken(loginId);
    const before = await versions([loginId]);
    const processes = await startTokenCallerProcesses(2, [loginId], 5);
    // Our side: 20 s left, so due. Exact's clock has not moved: it issued the token just now.
    await getSql()`update oauth_logins set access_token_expires_at = now() + interval '20 seconds' where id = ${loginId}`;
    // Slow enough that one process waits on the other's lease.
    await simControl(sim, "fault", { path: "/api/oauth2/token", fault: { delayMs: 1000 } });
    const outcomes = await goAll(processes);
    expect(outcomes.map((o) => o.code ?? o.sha256)).toEqual(Array(10).fill(sha256(current)));
    expect(await refreshOutcomes(sim)).toEqual({ too_early: 1 });
    expect(await row(loginId)).toMatchObject({
      status: "active",
      tokenVersion: before.get(loginId),
      refreshLeaseOwner: null,
      lastError: null,
    });
  }, 120_000);

  // Last: it ends by closing the simulator under 20 hanging refreshes.
  test("20 refreshes hanging in Exact do not stall the pool: select 1 and the health route answer while they hang", async () => {
    const loginIds = await linkCrowd(sim, admin, environmentId, CROWD);
    await makeLoginsDue(sim, loginIds);
    for (const _ of loginIds) {
      await simControl(sim, "fault", { path: "/api/oauth2/token", fault: { delayMs: 60_000 } });
    }
    const refreshes = loginIds.map((id) =>
      getAccessToken(id).then(
        () => "token",
        (e) => e.code as string,
      ),
    );
    // Every refresh is in Exact, each under its own lease, on a pool of 10 connections.
    expect(await waitUntil(async () => (await pendingFaults(sim)) === 0, 30_000)).toBe(true);
    const [{ leased }] =
      await getSql()`select count(*)::int as leased from oauth_logins where refresh_lease_owner is not null`;
    expect(leased).toBe(CROWD);

    // They answer while all twenty refreshes still hang in Exact (checked after): no timing,
    // a stalled pool would not answer at all until Exact did.
    const [one] = await getDb().execute("select 1 as one");
    expect(one).toEqual({ one: 1 });
    const response = await health();
    // Its database and migrations checks (a test database has the job queue's tables only once
    // a worker has run, so the whole answer may be 503 for that alone).
    expect(await response.json()).toMatchObject({
      checks: { database: { status: "ok" }, migrations: { status: "ok" } },
    });
    expect(await pendingFaults(sim)).toBe(0);
    const [{ stillLeased }] =
      await getSql()`select count(*)::int as "stillLeased" from oauth_logins where refresh_lease_owner is not null`;
    expect(stillLeased).toBe(CROWD);
    // No connection of ours is held in a transaction while Exact is waited for.
    const [{ held }] = await getSql()`
      select count(*)::int as held from pg_stat_activity
      where datname = current_database() and application_name = 'koppeling-lease-test' and state like 'idle in transaction%'`;
    expect(held).toBe(0);
    expect(await refreshOutcomes(sim)).toEqual({});

    // Exact goes away instead of answering: every refresh fails, no login is lost for it.
    await sim.close();
    const results = await Promise.all(refreshes);
    expect(results.filter((r) => r === "token")).toEqual([]);
    for (const id of loginIds) expect((await row(id)).status).toBe("active");
  }, 120_000);
});
