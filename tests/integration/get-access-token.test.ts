import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { getDb } from "@/db/client";
import { auditEvents, oauthLogins } from "@/db/schema";
import { resetClock } from "@/lib/clock";
import { refreshTokenColumn } from "@/lib/crypto/secret-columns";
import { listEnvironments } from "@/lib/data/environments";
import { createOAuthLogin } from "@/lib/data/oauth-logins";
import { getAccessToken } from "@/lib/exact/tokens/get-access-token";
import { completeAuthorization, startAuthorization } from "@/lib/links/consent-round-trip";
import type { ExactSimulator } from "@/simulator/start-exact-simulator";
import { ExactTestClient } from "@/simulator/testing/exact-test-client";
import {
  consentInExact,
  elapse as elapseBoth,
  simControl,
  simCounters,
  startSimulatorForPortal,
} from "../support/exact-simulator";
import { resetDatabase } from "../support/reset-database";
import { actorOf, makeUser } from "../support/users";

let sim: ExactSimulator;
beforeAll(async () => {
  sim = await startSimulatorForPortal();
});
afterAll(async () => {
  await sim.close();
});

let loginId: string;
beforeEach(async () => {
  await resetDatabase();
  resetClock();
  await simControl(sim, "reset", {});
  await simControl(sim, "options", { tooEarlyVariant: "2026" });
  const admin = actorOf(await makeUser("admin@example.nl", "admin"));
  const environmentId = (await listEnvironments())[0].id;
  loginId = (await createOAuthLogin(admin, environmentId, { description: "Exact", site: "NL" })).id;
  const callback = await consentInExact(sim, await startAuthorization(admin, environmentId, loginId, false));
  expect(await completeAuthorization(admin, callback)).toMatchObject({ notice: "authorized" });
});

const elapse = (seconds: number, exactSeconds = seconds) => elapseBoth(sim, seconds, exactSeconds);

const refreshes = async () => (await simCounters(sim)).token.refresh_token ?? {};
const row = async () => (await getDb().select().from(oauthLogins).where(eq(oauthLogins.id, loginId)))[0];
const storedRefreshToken = async () => refreshTokenColumn.open(loginId, (await row()).refreshTokenEnc as string);

async function meStatus(token: string) {
  const r = await fetch(`${sim.siteUrl("NL")}/api/v1/current/Me`, {
    headers: { Accept: "application/json", Authorization: `Bearer ${token}` },
  });
  return r.status;
}

describe("getAccessToken", () => {
  test("uses the stored token while it has more than 30 s left: no call to Exact", async () => {
    const first = await getAccessToken(loginId);
    await elapse(500);
    expect(await getAccessToken(loginId)).toBe(first);
    expect((await refreshes()).ok ?? 0).toBe(0);
    expect(await meStatus(first)).toBe(200);
  });

  test("refreshes once in the last 30 s, and stores the new pair (the old refresh token is dead)", async () => {
    const first = await getAccessToken(loginId);
    const oldRefresh = await storedRefreshToken();
    await elapse(575);
    const second = await getAccessToken(loginId);
    expect(second).not.toBe(first);
    expect(await meStatus(second)).toBe(200);
    expect((await refreshes()).ok).toBe(1);
    expect(await storedRefreshToken()).not.toBe(oldRefresh);
    expect((await row()).status).toBe("active");
  });

  test("twenty concurrent callers cause exactly one refresh, and all get the same new token", async () => {
    const first = await getAccessToken(loginId);
    await elapse(600);
    const tokens = await Promise.all(Array.from({ length: 20 }, () => getAccessToken(loginId)));
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).not.toBe(first);
    expect((await refreshes()).ok).toBe(1);
    expect(await meStatus(tokens[0])).toBe(200);
  });

  test.each(["2026", "2021"])("Exact's 'too early' answer (%s wording) keeps the current token", async (variant) => {
    await simControl(sim, "options", { tooEarlyVariant: variant });
    const first = await getAccessToken(loginId);
    // Our clock says 25 s are left; Exact's says only 500 s have passed since it issued.
    await elapse(575, 500);
    expect(await getAccessToken(loginId)).toBe(first);
    expect((await refreshes()).too_early).toBe(1);
    const after = await row();
    expect(after.status).toBe("active");
    // Not an error of the login's: nothing to show a person.
    expect(after.lastError).toBeNull();
  });

  test("'Old refresh token used' turns the login to needs_reauth, says why, and audits it", async () => {
    // Someone else holding a copy of the refresh token uses it first: the real-world failure.
    const thief = new ExactTestClient(sim);
    await elapse(600);
    const stolen = await thief.refresh(await storedRefreshToken());
    expect(stolen.status).toBe(200);
    await expect(getAccessToken(loginId)).rejects.toMatchObject({ code: "needs_reauth" });
    expect(await row()).toMatchObject({ status: "needs_reauth", lastError: "refresh_token_reused" });
    const [event] = await getDb().select().from(auditEvents).where(eq(auditEvents.action, "oauth_login.needs_reauth"));
    expect(event.detail).toMatchObject({ reason: "refresh_token_reused" });
    // And stays so without calling Exact again.
    const calls = (await simCounters(sim)).token.refresh_token;
    await expect(getAccessToken(loginId)).rejects.toMatchObject({ code: "needs_reauth" });
    expect((await simCounters(sim)).token.refresh_token).toEqual(calls);
  });

  test("a refresh token unused for 30 days has expired: needs_reauth", async () => {
    await elapse(31 * 24 * 3600);
    await expect(getAccessToken(loginId)).rejects.toMatchObject({ code: "needs_reauth" });
    expect(await row()).toMatchObject({ status: "needs_reauth", lastError: "refresh_token_expired" });
  });

  test("a refresh token Exact does not know (invalid_grant): needs_reauth", async () => {
    await simControl(sim, "reset", {});
    await elapse(600);
    await expect(getAccessToken(loginId)).rejects.toMatchObject({ code: "needs_reauth" });
    expect(await row()).toMatchObject({ status: "needs_reauth", lastError: "refresh_token_invalid" });
  });

  test("Exact unavailable (503): the login keeps its tokens and status, the error is said in words", async () => {
    await elapse(600);
    const before = await storedRefreshToken();
    await simControl(sim, "fault", { path: "/api/oauth2/token", fault: { status: 503 } });
    await expect(getAccessToken(loginId)).rejects.toMatchObject({ code: "exact_unavailable" });
    expect(await row()).toMatchObject({ status: "active", lastError: "exact_unavailable" });
    expect(await storedRefreshToken()).toBe(before);
    // Next time it works.
    expect(await meStatus(await getAccessToken(loginId))).toBe(200);
  });
});
