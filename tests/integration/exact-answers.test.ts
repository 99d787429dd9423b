import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, test } from "vitest";
import { getDb } from "@/db/client";
import { auditEvents, exactErrorCounts, oauthLogins } from "@/db/schema";
import { refreshTokenColumn } from "@/lib/crypto/secret-columns";
import { createDivision } from "@/lib/data/divisions";
import { createOAuthLogin } from "@/lib/data/oauth-logins";
import { exactGetAll } from "@/lib/exact/api/exact-get-all";
import { accessTokenFor, getAccessToken } from "@/lib/exact/tokens/get-access-token";
import { completeAuthorization, startAuthorization } from "@/lib/links/consent-round-trip";
import { listExactDivisions } from "@/lib/links/list-exact-divisions";
import { testAdministrationConnection } from "@/lib/links/test-administration-connection";
import type { ExactSimulator } from "@/simulator/start-exact-simulator";
import { insertAdministration } from "../support/administration-row";
import { consentInExact, elapse, SIM_USERS, simControl, simCounters, withLatency } from "../support/exact-simulator";
import { linkedLogin } from "../support/linked-login";
import { type PortalWithSimulator, portalWithSimulator } from "../support/portal-with-simulator";

// Each of Exact's answers, as Exact gives them, and the state and words it leads to.

const world = portalWithSimulator({ linked: { description: "Marieke", ...SIM_USERS.marieke } });
let sim: ExactSimulator;
let admin: PortalWithSimulator["admin"];
let environmentId: string;
let loginId: string;
beforeEach(async () => {
  ({ sim, admin, environmentId, loginId } = world);
});

const row = async (id = loginId) => (await getDb().select().from(oauthLogins).where(eq(oauthLogins.id, id)))[0];
const refreshCounts = async () => (await simCounters(sim)).token.refresh_token as Record<string, number>;
const storedRefreshToken = async () => refreshTokenColumn.open(loginId, (await row()).refreshTokenEnc as string);

async function queueTokenFault(fault: Record<string, unknown>) {
  await simControl(sim, "fault", { path: "/api/oauth2/token", grantType: "refresh_token", fault });
}

describe("a refused access token (401 before its time)", () => {
  test("50 callers refused together, with Exact's limits and the error budget on: one refresh, 50 answers, the login stays active", async () => {
    await withLatency(sim, 20, 200);
    const before = await accessTokenFor(loginId);
    await simControl(sim, "revoke-access-tokens", { userName: SIM_USERS.marieke.userName });
    const results = await Promise.all(Array.from({ length: 50 }, () => exactGetAll({ loginId }, "current/Me")));
    expect(results.every((r) => r.length === 1)).toBe(true);
    expect(await refreshCounts()).toMatchObject({ ok: 1 });
    const after = await row();
    expect(after).toMatchObject({ status: "active", lastError: null, tokenVersion: before.version + 1 });
    // Only the calls in flight met the refused token: fewer than Exact's ten, no block.
    const counted = (await getDb().select().from(exactErrorCounts)).reduce((n, c) => n + c.count, 0);
    expect(counted).toBeGreaterThanOrEqual(1);
    expect(counted).toBeLessThanOrEqual(4);
    expect((await simCounters(sim)).errorBlocked).toBe(0);
    // The refused token is not handed out again.
    expect(await getAccessToken(loginId)).not.toBe(before.accessToken);
  });

  test("refused again after the refresh: the login is marked error with the reason, in words", async () => {
    // A 401 whose token Exact still counts as current: the refresh is 'too early' and the
    // same token is refused again.
    await simControl(sim, "fault", { path: "current/Me", fault: { status: 401 } });
    await simControl(sim, "fault", { path: "current/Me", fault: { status: 401 } });
    await expect(exactGetAll({ loginId }, "current/Me")).rejects.toMatchObject({ code: "exact_rejected_token" });
    expect(await refreshCounts()).toMatchObject({ too_early: 1 });
    expect(await row()).toMatchObject({ status: "error", lastError: "exact_rejected_token" });
    // Two error answers for this user and endpoint are on the hour's count.
    const counts = await getDb().select().from(exactErrorCounts);
    expect(counts.reduce((n, c) => n + c.count, 0)).toBe(2);
    // A later refresh that works puts it right.
    await elapse(sim, 600);
    await exactGetAll({ loginId }, "current/Me");
    expect(await row()).toMatchObject({ status: "active", lastError: null });
  });
});

describe("slow and lost answers", () => {
  test("a refresh Exact answers after 35 s is kept, and its lease stays alive meanwhile", async () => {
    process.env.EXACT_REFRESH_LEASE_MS = "3000";
    try {
      await elapse(sim, 600);
      await queueTokenFault({ delayAfterTokensMs: 35_000 });
      const refreshing = getAccessToken(loginId);
      await new Promise((r) => setTimeout(r, 6_000));
      // Twice the lease's length has passed: only the heartbeat keeps it.
      const during = await row();
      expect(during.refreshLeaseOwner).not.toBeNull();
      expect(during.refreshLeaseUntil?.getTime()).toBeGreaterThan(Date.now());
      const token = await refreshing;
      expect(await refreshCounts()).toMatchObject({ ok: 1 });
      expect(await row()).toMatchObject({ status: "active", refreshLeaseOwner: null, lastError: null });
      expect(await getAccessToken(loginId)).toBe(token);
    } finally {
      delete process.env.EXACT_REFRESH_LEASE_MS;
    }
  }, 60_000);

  test("an answer lost after Exact rotated: the next refresh meets 'Old refresh token used' and says the answer was lost; no other login is touched", async () => {
    const other = await linkedLogin(sim, admin, environmentId, { description: "Pieter", ...SIM_USERS.pieter });
    await elapse(sim, 600);
    await queueTokenFault({ dropAfterTokens: true });
    await expect(getAccessToken(loginId)).rejects.toMatchObject({ code: "exact_unreachable" });
    // Not dead on the portal's impatience: the tokens are kept, the doubt is noted.
    const doubtful = await row();
    expect(doubtful.status).toBe("active");
    expect(doubtful.refreshInDoubtAt).not.toBeNull();
    await expect(getAccessToken(loginId)).rejects.toMatchObject({ code: "needs_reauth" });
    expect(await row()).toMatchObject({ status: "needs_reauth", lastError: "refresh_answer_lost" });
    expect(await refreshCounts()).toMatchObject({ ok: 0, dropped: 1, old_refresh_token: 1 });
    const [event] = await getDb().select().from(auditEvents).where(eq(auditEvents.action, "oauth_login.needs_reauth"));
    expect(event).toMatchObject({ entityId: loginId, detail: { reason: "refresh_answer_lost" } });
    // The other login refreshes as it should.
    await getAccessToken(other);
    expect(await row(other)).toMatchObject({ status: "active", lastError: null });
  });
});

describe("the token endpoint's refusals that do not mean dead", () => {
  test.each([
    ["a plain-text Bad Request", { badRequest: "text/plain" }, "exact_unavailable"],
    ["a gateway fault", { gatewayFault: 504 }, "exact_unavailable"],
    ["an HTML server error", { status: 503 }, "exact_unavailable"],
  ])("%s keeps the tokens and the status, with the reason", async (_, fault, reason) => {
    await elapse(sim, 600);
    const before = await storedRefreshToken();
    await queueTokenFault(fault);
    await expect(getAccessToken(loginId)).rejects.toMatchObject({ code: "exact_unavailable" });
    expect(await row()).toMatchObject({ status: "active", lastError: reason, refreshLeaseOwner: null });
    expect(await storedRefreshToken()).toBe(before);
    // Tried again later, it works: nothing was lost.
    await getAccessToken(loginId);
    expect(await row()).toMatchObject({ status: "active", lastError: null });
  });

  test("the too-early answer with Exact's text after TooEarlyToRefreshTokens keeps the current token", async () => {
    await simControl(sim, "options", { tooEarlyReason: "long" });
    const first = await getAccessToken(loginId);
    // Our clock says 25 s are left; Exact's says only 500 s have passed since it issued.
    await elapse(sim, 575, 500);
    expect(await getAccessToken(loginId)).toBe(first);
    expect(await refreshCounts()).toMatchObject({ too_early: 1 });
    expect(await row()).toMatchObject({ status: "active", lastError: null });
  });
});

describe("one Exact user, one chain", () => {
  test("a second consent by the same Exact user warns at once, and the older login's death names it", async () => {
    const { id: second } = await createOAuthLogin(admin, environmentId, { description: "Marieke twee", site: "NL" });
    const callback = await consentInExact(sim, await startAuthorization(admin, environmentId, second, false));
    expect(await completeAuthorization(admin, callback)).toMatchObject({
      notice: "authorized_same_exact_user",
      kind: "warning",
    });
    await elapse(sim, 600);
    await expect(getAccessToken(loginId)).rejects.toMatchObject({ code: "needs_reauth" });
    expect(await row()).toMatchObject({
      status: "needs_reauth",
      lastError: "refresh_chain_superseded",
      lastErrorValues: { login: "Marieke twee" },
    });
    // The newer chain lives on.
    await getAccessToken(second);
    expect(await row(second)).toMatchObject({ status: "active" });
  });
});

describe("Exact's error limit", () => {
  test("after the budget of error answers the endpoint is paused, shared in the database, before Exact blocks it", async () => {
    const path = "2340001/system/NoSuchThing";
    for (let i = 0; i < 8; i++) {
      await expect(exactGetAll({ loginId }, path)).rejects.toMatchObject({ code: "exact_request_failed" });
    }
    const before = (await simCounters(sim)).api;
    await expect(exactGetAll({ loginId }, path)).rejects.toMatchObject({
      code: "exact_paused",
      values: { until: expect.stringMatching(/^\d{2}:\d{2}$/) },
    });
    // Paused by the portal itself: the ninth call never reached Exact, which did not block.
    expect((await simCounters(sim)).api).toEqual(before);
    expect((await simCounters(sim)).errorBlocked ?? 0).toBe(0);
    // Another endpoint of the same user and division still works.
    expect((await exactGetAll({ loginId }, "2340001/system/Divisions?$select=Code")).length).toBeGreaterThan(0);
    // An hour later the errors have aged out.
    await elapse(sim, 3_700);
    await expect(exactGetAll({ loginId }, path)).rejects.toMatchObject({ code: "exact_request_failed" });
  });
});

describe("never too early", () => {
  test("30 simulated minutes of traffic on 5 logins: no too-early answer, each login refreshed every ~570 s", async () => {
    const logins = [loginId];
    for (const user of [SIM_USERS.pieter, SIM_USERS.sanne, SIM_USERS.jan, SIM_USERS.ilse]) {
      logins.push(await linkedLogin(sim, admin, environmentId, { description: user.userName, ...user }));
    }
    for (let second = 0; second < 1_800; second += 7) {
      await Promise.all(logins.flatMap((id) => [getAccessToken(id), getAccessToken(id)]));
      await elapse(sim, 7);
    }
    const counts = await refreshCounts();
    expect(counts.too_early ?? 0).toBe(0);
    // 1,800 s / ~575 s per access token: three refreshes per login.
    expect(counts.ok).toBe(15);
    for (const id of logins) expect(await row(id)).toMatchObject({ status: "active", lastError: null });
  }, 120_000);
});

describe("division scope", () => {
  test("a CurrentDivision outside the app's division scope falls back to a division mapped for the login, once", async () => {
    // Ilse's CurrentDivision (2340002) lies outside the divisions she granted the app.
    const ilse = await linkedLogin(sim, admin, environmentId, { description: "Ilse", ...SIM_USERS.ilse });
    const administrationId = await insertAdministration({ environmentId, oauthLoginId: ilse });
    await expect(testAdministrationConnection(admin, administrationId)).rejects.toMatchObject({
      code: "division_out_of_scope",
    });
    await createDivision(admin, environmentId, {
      code: "1",
      name: "Qics BV",
      administrationId,
      exact: { code: 2340005, description: "Qics Holding", hid: "5" },
    });
    const before = (await simCounters(sim)).api["system/Divisions"] ?? 0;
    expect(await testAdministrationConnection(admin, administrationId)).toMatchObject({ divisionCount: 2 });
    // The refused path once, then the mapped division's: no loop.
    expect((await simCounters(sim)).api["system/Divisions"]).toBe(before + 2);
    expect((await listExactDivisions(administrationId)).map((d) => d.code).sort()).toEqual([2340001, 2340005]);
  });
});
