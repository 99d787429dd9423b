import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { getDb } from "@/db/client";
import { auditEvents, oauthLogins } from "@/db/schema";
import { resetClock } from "@/lib/clock";
import { proxyOfAdministration } from "@/lib/data/administration-proxy";
import { listEnvironments } from "@/lib/data/environments";
import { closeProxyAgents } from "@/lib/exact/http/proxied-fetch";
import { listExactDivisions, verifyExactDivision } from "@/lib/links/list-exact-divisions";
import { testAdministrationConnection } from "@/lib/links/test-administration-connection";
import { testOAuthLogin } from "@/lib/links/test-oauth-login";
import type { ExactSimulator } from "@/simulator/start-exact-simulator";
import { administrationRow, insertAdministration } from "../support/administration-row";
import { simControl, startSimulatorForPortal } from "../support/exact-simulator";
import { linkedLogin } from "../support/linked-login";
import { resetDatabase } from "../support/reset-database";
import { startTestProxy, type TestProxy } from "../support/test-proxy";
import { actorOf, makeUser } from "../support/users";

let sim: ExactSimulator;
beforeAll(async () => {
  sim = await startSimulatorForPortal();
});
afterAll(async () => {
  await sim.close();
});

let environmentId: string;
let loginId: string;
let proxy: TestProxy;
let admin: ReturnType<typeof actorOf>;
const PROXY_USER = { username: "QICS\\jan", password: "proxy-geheim-7" };
beforeEach(async () => {
  await resetDatabase();
  resetClock();
  await simControl(sim, "reset", {});
  admin = actorOf(await makeUser("admin@example.nl", "admin"));
  environmentId = (await listEnvironments())[0].id;
  loginId = await linkedLogin(sim, admin, environmentId);
  proxy = await startTestProxy({ credentials: PROXY_USER });
});
afterEach(async () => {
  await closeProxyAgents();
  await proxy.close();
});

const withProxy = (password = PROXY_USER.password) =>
  insertAdministration({
    environmentId,
    oauthLoginId: loginId,
    proxy: { server: proxy.server, username: "jan", password, domain: "QICS" },
  });

describe("proxyOfAdministration", () => {
  test("gives the login and the proxy with its password decrypted", async () => {
    const id = await withProxy();
    expect(await proxyOfAdministration(id)).toEqual({
      loginId,
      proxy: { server: proxy.server, username: "jan", password: PROXY_USER.password, domain: "QICS" },
    });
  });

  test("no proxy server: no proxy; no login: loginId null", async () => {
    const id = await insertAdministration({ environmentId, oauthLoginId: null, proxy: null });
    expect(await proxyOfAdministration(id)).toEqual({ loginId: null, proxy: null });
  });
});

describe("testAdministrationConnection", () => {
  test("reads current/Me and the divisions through the proxy and stores the success", async () => {
    const id = await withProxy();
    const started = performance.now();
    const result = await testAdministrationConnection(admin, id);
    const elapsed = performance.now() - started;
    expect(result).toMatchObject({
      exactUserName: "marieke.qics",
      exactFullName: expect.any(String),
      divisionCount: 6,
    });
    expect(result.exactFullName).not.toBe("");
    // The time it reports is the round trip's own: some, and within the call's.
    expect(result.ms).toBeGreaterThan(0);
    expect(result.ms).toBeLessThanOrEqual(Math.ceil(elapsed));
    expect(proxy.connects()).toBeGreaterThanOrEqual(1);
    expect(proxy.credentials).toContainEqual(PROXY_USER);
    const row = await administrationRow(id);
    expect(row).toMatchObject({ lastTestOk: true });
    expect(row.lastTestAt).toBeInstanceOf(Date);
    expect(row.lastTestMessage).toContain("marieke.qics");
    expect(row.lastTestMessage).toContain(`${result.ms} ms`);
    expect(row.lastTestMessage).not.toContain(PROXY_USER.password);
    // Who tested, and that it worked, is on the audit log.
    const tests = await getDb()
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "administration.connection_tested"));
    expect(tests).toEqual([
      expect.objectContaining({
        actorEmail: admin.email,
        entityType: "administration",
        entityId: id,
        environmentId,
        detail: expect.objectContaining({ succeeded: true }),
      }),
    ]);
    expect(JSON.stringify(tests)).not.toContain(PROXY_USER.password);
  });

  // Issue 24: a proxy whose rules refuse the tunnel (404 or 403 to CONNECT) was told as
  // "Exact Online is niet bereikbaar"; the admin who tests is now told what the proxy did, and
  // the grid keeps those words for admins (last_test_reason), "the proxy failed" for the rest.
  test.each([404, 403])(
    "a proxy that refuses the tunnel (%i) is named as such, to the admin and on the row",
    async (status) => {
      const refusing = await startTestProxy({ credentials: PROXY_USER, refuseConnect: status });
      try {
        const id = await insertAdministration({
          environmentId,
          oauthLoginId: loginId,
          proxy: { server: refusing.server, username: "jan", password: PROXY_USER.password, domain: "QICS" },
        });
        await expect(testAdministrationConnection(admin, id)).rejects.toMatchObject({
          code: "proxy_refused_tunnel",
          values: { status: String(status) },
        });
        expect(refusing.connects()).toBeGreaterThanOrEqual(1);
        const row = await administrationRow(id);
        expect(row).toMatchObject({
          lastTestOk: false,
          lastTestMessage: "proxy_failed",
          lastTestReason: "proxy_refused_tunnel",
          lastTestReasonValues: { status: String(status) },
        });
        // The login itself is fine: a proxy's refusal is not the login's failure.
        const [login] = await getDb().select().from(oauthLogins).where(eq(oauthLogins.id, loginId));
        expect(login.status).toBe("active");
      } finally {
        await refusing.close();
      }
    },
  );

  test("a wrong proxy password stays a sign-in failure, precise for admins, not a refused tunnel", async () => {
    const id = await withProxy("wrong");
    await expect(testAdministrationConnection(admin, id)).rejects.toMatchObject({ code: "proxy_auth_failed" });
    expect(await administrationRow(id)).toMatchObject({
      lastTestMessage: "proxy_failed",
      lastTestReason: "proxy_auth_failed",
    });
  });

  test("a failure is thrown on in words and stored", async () => {
    const id = await withProxy("wrong");
    await expect(testAdministrationConnection(admin, id)).rejects.toMatchObject({ code: "proxy_auth_failed" });
    const row = await administrationRow(id);
    // Kept for viewers only as "the proxy failed" (proxy-guard.test.ts tells why).
    expect(row).toMatchObject({ lastTestOk: false, lastTestMessage: "proxy_failed" });
    expect(row.lastTestAt).toBeInstanceOf(Date);
    const [tested] = await getDb()
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "administration.connection_tested"));
    expect(tested.detail).toMatchObject({ succeeded: false, reason: "proxy_failed" });
    // A later success replaces it.
    await proxy.close();
    proxy = await startTestProxy();
    const direct = await insertAdministration({ environmentId, description: "DIRECT", oauthLoginId: loginId });
    await testAdministrationConnection(admin, direct);
    expect(await administrationRow(direct)).toMatchObject({ lastTestOk: true });
  });

  test("a different Exact user behind the login is kept on it and audited, by Verbinding testen and Testen", async () => {
    const id = await withProxy();
    // The login last knew another Exact user (say, before a re-consent by someone else).
    await getDb().update(oauthLogins).set({ exactUserName: "iemand.anders" }).where(eq(oauthLogins.id, loginId));
    const changes = () =>
      getDb().select().from(auditEvents).where(eq(auditEvents.action, "oauth_login.exact_user_changed"));
    await testAdministrationConnection(admin, id);
    const [login] = await getDb().select().from(oauthLogins).where(eq(oauthLogins.id, loginId));
    expect(login.exactUserName).toBe("marieke.qics");
    expect(await changes()).toEqual([
      expect.objectContaining({
        actorEmail: admin.email,
        entityType: "oauth_login",
        entityId: loginId,
        environmentId,
        detail: expect.objectContaining({ exactUserName: { from: "iemand.anders", to: "marieke.qics" } }),
      }),
    ]);
    // The same user again is no change.
    await testAdministrationConnection(admin, id);
    await testOAuthLogin(admin, loginId);
    expect(await changes()).toHaveLength(1);
    // Testen is on the record each time, with who Exact said the login is.
    const loginTests = await getDb().select().from(auditEvents).where(eq(auditEvents.action, "oauth_login.tested"));
    expect(loginTests.map((e) => [e.actorEmail, e.entityId, e.detail])).toEqual([
      [admin.email, loginId, expect.objectContaining({ succeeded: true, exactUserName: "marieke.qics" })],
    ]);
    await getDb().update(oauthLogins).set({ exactUserName: "weer.anders" }).where(eq(oauthLogins.id, loginId));
    await testOAuthLogin(admin, loginId);
    expect((await changes()).map((e) => e.detail)).toContainEqual(
      expect.objectContaining({ exactUserName: { from: "weer.anders", to: "marieke.qics" } }),
    );
  });

  test("no login attached: administration_has_no_login, stored as such", async () => {
    const id = await insertAdministration({ environmentId, oauthLoginId: null });
    await expect(testAdministrationConnection(admin, id)).rejects.toMatchObject({
      code: "administration_has_no_login",
    });
    expect(await administrationRow(id)).toMatchObject({
      lastTestOk: false,
      lastTestMessage: "administration_has_no_login",
    });
  });
});

describe("listExactDivisions and verifyExactDivision", () => {
  test("lists the login's divisions by description, marking blocked, inactive and archived ones", async () => {
    const id = await withProxy();
    const divisions = await listExactDivisions(id);
    expect(divisions.map((d) => d.description)).toEqual([
      "Qics BV",
      "Qics Conversie BV (geblokkeerd)",
      "Qics Detachering BV (inactief)",
      "Qics France SARL",
      "Qics Holding BV",
      "Qics Oud BV (gearchiveerd)",
    ]);
    const byCode = Object.fromEntries(divisions.map((d) => [d.code, d]));
    expect(byCode[2340001]).toEqual({ code: 2340001, description: "Qics BV", hid: "1", status: 1, blocked: false });
    expect(byCode[2340006]).toMatchObject({ status: 1, blocked: true });
    expect(byCode[2340003]).toMatchObject({ status: 0, blocked: false });
    expect(byCode[2340004]).toMatchObject({ status: 2, blocked: false });
    // The one of her company that is not open to her is not offered.
    expect(byCode[2340007]).toBeUndefined();
  });

  test("all pages: the 131 divisions of pieter.kantoor", async () => {
    const admin = actorOf(await makeUser("admin2@example.nl", "admin"));
    const pieter = await linkedLogin(sim, admin, environmentId, {
      userName: "pieter.kantoor",
      password: "Pieters-Exact-130",
    });
    const id = await insertAdministration({
      environmentId,
      oauthLoginId: pieter,
      proxy: { server: proxy.server, username: "jan", password: PROXY_USER.password, domain: "QICS" },
    });
    const divisions = await listExactDivisions(id);
    expect(divisions).toHaveLength(131);
    const descriptions = divisions.map((d) => d.description);
    expect(descriptions).toEqual([...descriptions].sort((a, b) => a.localeCompare(b, "nl")));
  });

  test("verifyExactDivision gives the division as Exact describes it, or exact_division_unknown", async () => {
    const id = await withProxy();
    expect(await verifyExactDivision(id, 2340005)).toEqual({
      code: 2340005,
      description: "Qics France SARL",
      hid: "5",
      status: 1,
      blocked: false,
    });
    await expect(verifyExactDivision(id, 2340007)).rejects.toMatchObject({ code: "exact_division_unknown" });
    await expect(verifyExactDivision(id, 999)).rejects.toMatchObject({ code: "exact_division_unknown" });
  });

  test("an administration without a login cannot list", async () => {
    const id = await insertAdministration({ environmentId, oauthLoginId: null });
    await expect(listExactDivisions(id)).rejects.toMatchObject({ code: "administration_has_no_login" });
  });
});
