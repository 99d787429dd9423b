// Answers that never arrive, with the faults themselves: PostgreSQL commits the new token pair
// but its answer is lost on the way back (a TCP relay cuts it), and Exact is slower than the
// token time-out (EXACT_TOKEN_TIMEOUT_MS) — once after renewing the token all the same, once
// without having run the call. The login must end where the truth is, never in a guess.
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { getDb } from "@/db/client";
import { auditEvents, oauthLogins } from "@/db/schema";
import { accessTokenColumn } from "@/lib/crypto/secret-columns";
import { listEnvironments } from "@/lib/data/environments";
import { accessTokenFor, getAccessToken } from "@/lib/exact/tokens/get-access-token";
import en from "@/messages/en.json";
import nl from "@/messages/nl.json";
import type { ExactSimulator } from "@/simulator/start-exact-simulator";
import { pendingFaults, refreshOutcomes, simControl, startSimulatorForPortal } from "../support/exact-simulator";
import { linkedLogin } from "../support/linked-login";
import { makeLoginsDue } from "../support/make-logins-due";
import { startPgReplyDropper } from "../support/pg-reply-dropper";
import { waitUntil } from "../support/postgres-processes";
import { resetDatabase } from "../support/reset-database";
import { killTokenCallers, startTokenCallerProcesses } from "../support/token-caller-process";
import { actorOf, makeUser } from "../support/users";

let sim: ExactSimulator;
let stateDir: string;
let admin: Awaited<ReturnType<typeof actorOf>>;
let environmentId: string;

beforeEach(async () => {
  await resetDatabase();
  stateDir = mkdtempSync(path.join(tmpdir(), "koppeling-exact-state-"));
  sim = await startSimulatorForPortal({ stateFile: path.join(stateDir, "state.json") });
  admin = actorOf(await makeUser("admin@example.nl", "admin"));
  environmentId = (await listEnvironments())[0].id;
});

afterEach(async () => {
  delete process.env.EXACT_TOKEN_TIMEOUT_MS;
  await killTokenCallers();
  await sim.close();
  rmSync(stateDir, { recursive: true, force: true });
});

const sha256 = (token: string) => createHash("sha256").update(token).digest("hex");
const row = async (loginId: string) => (await getDb().select().from(oauthLogins).where(eq(oauthLogins.id, loginId)))[0];
const storedAccessToken = async (loginId: string) =>
  accessTokenColumn.open(loginId, (await row(loginId)).accessTokenEnc as string);

async function meStatus(token: string) {
  const r = await fetch(`${sim.siteUrl("NL")}/api/v1/current/Me`, {
    headers: { Accept: "application/json", Authorization: `Bearer ${token}` },
  });
  return r.status;
}

describe("the new pair is committed but the database's answer is lost", () => {
  test("the store's retry recognises its own pair: one refresh at Exact, one version on, the caller gets it, active", async () => {
    const loginId = await linkedLogin(sim, admin, environmentId);
    const before = (await row(loginId)).tokenVersion;
    // The store is drizzle's `update "oauth_logins" set "access_token_enc" = …` (token pair
    // columns first); the lease's own updates set other columns and pass untouched.
    const relay = await startPgReplyDropper(
      process.env.DATABASE_URL as string,
      'update "oauth_logins" set "access_token_enc"',
    );
    try {
      // A portal process whose every connection goes through the relay.
      const [caller] = await startTokenCallerProcesses(1, [loginId], 1, { DATABASE_URL: relay.url });
      await makeLoginsDue(sim, [loginId]);
      const { outcomes } = await caller.round();
      expect(relay.dropped()).toBe(1);
      const stored = await storedAccessToken(loginId);
      // `refreshed: true` with the next version: the retry saw that the row holds the very pair
      // it was storing. Had it taken the row for someone else's, the caller would get the
      // stored token as not refreshed; had it stored blindly again, the version would be two on.
      expect(outcomes).toEqual([
        { loginId, sha256: sha256(stored), version: before + 1, refreshed: true, at: expect.any(Number) },
      ]);
      expect(await refreshOutcomes(sim)).toEqual({ ok: 1 });
      expect(await row(loginId)).toMatchObject({
        status: "active",
        tokenVersion: before + 1,
        refreshLeaseOwner: null,
        refreshInDoubtAt: null,
        lastError: null,
      });
      expect(await meStatus(stored)).toBe(200);
      await caller.end();
    } finally {
      await relay.close();
    }
  }, 120_000);
});

describe("a token call slower than the token time-out", () => {
  const TIMEOUT_MS = 1_500;

  /** The refresh is given up on while Exact holds the call: the login is in doubt, and says so. */
  async function refreshGivenUpOn(loginId: string, exactTakesMs: number) {
    process.env.EXACT_TOKEN_TIMEOUT_MS = String(TIMEOUT_MS);
    const before = await row(loginId);
    await simControl(sim, "fault", { path: "/api/oauth2/token", fault: { delayMs: exactTakesMs } });
    await makeLoginsDue(sim, [loginId]);
    await expect(getAccessToken(loginId)).rejects.toMatchObject({ code: "exact_timeout" });
    // Exact has the call (its fault taken) and has not answered.
    expect(await pendingFaults(sim)).toBe(0);
    const after = await row(loginId);
    expect(after).toMatchObject({
      status: "active",
      lastError: "refresh_in_doubt",
      tokenVersion: before.tokenVersion,
      refreshTokenEnc: before.refreshTokenEnc,
      refreshLeaseOwner: null,
    });
    expect(after.refreshInDoubtAt).toBeInstanceOf(Date);
    // Named in words, in both languages.
    expect(nl.oauthLogins.lastError.refresh_in_doubt).toContain("Of het token daar toch is vernieuwd");
    expect(en.oauthLogins.lastError.refresh_in_doubt).toContain("Whether it renewed the token");
  }

  test("Exact renewed the token after we gave up: the next refresh meets the old token, needs re-authorization for 'refresh_answer_lost'", async () => {
    const loginId = await linkedLogin(sim, admin, environmentId);
    await refreshGivenUpOn(loginId, 4_000);
    // Exact runs the call it received once its delay is over: the chain rotates without us.
    expect(await waitUntil(async () => (await refreshOutcomes(sim)).ok === 1, 30_000)).toBe(true);
    await expect(accessTokenFor(loginId)).rejects.toMatchObject({ code: "needs_reauth" });
    expect(await refreshOutcomes(sim)).toEqual({ ok: 1, old_refresh_token: 1 });
    expect(await row(loginId)).toMatchObject({
      status: "needs_reauth",
      lastError: "refresh_answer_lost",
      refreshLeaseOwner: null,
    });
    const audit = await getDb().select().from(auditEvents).where(eq(auditEvents.action, "oauth_login.needs_reauth"));
    expect(audit.map((e) => e.detail)).toEqual([expect.objectContaining({ reason: "refresh_answer_lost" })]);
  }, 60_000);

  test("Exact went down before running it: once Exact is back the next refresh works and the doubt is gone", async () => {
    const loginId = await linkedLogin(sim, admin, environmentId);
    const { tokenVersion } = await row(loginId);
    await refreshGivenUpOn(loginId, 60_000);
    // "Exact" stops with the call still waiting (it never runs) and starts again as it was.
    const { port } = sim;
    await sim.close();
    sim = await startSimulatorForPortal({ port, stateFile: path.join(stateDir, "state.json") });
    const token = await accessTokenFor(loginId);
    expect(token).toMatchObject({ refreshed: true, version: tokenVersion + 1 });
    expect(await refreshOutcomes(sim)).toEqual({ ok: 1 });
    expect(await row(loginId)).toMatchObject({
      status: "active",
      lastError: null,
      refreshInDoubtAt: null,
      tokenVersion: tokenVersion + 1,
    });
    expect(await meStatus(token.accessToken)).toBe(200);
  }, 60_000);
});
