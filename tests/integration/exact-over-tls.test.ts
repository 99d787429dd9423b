import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { getDb } from "@/db/client";
import { oauthLogins } from "@/db/schema";
import { resetClock } from "@/lib/clock";
import { listEnvironments } from "@/lib/data/environments";
import { closeProxyAgents } from "@/lib/exact/http/proxied-fetch";
import { testAdministrationConnection } from "@/lib/links/test-administration-connection";
import type { ExactSimulator } from "@/simulator/start-exact-simulator";
import { makeTestCa, type TestCa } from "@/simulator/testing/make-test-ca";
import { administrationRow, insertAdministration } from "../support/administration-row";
import { refreshOutcomes, simControl, simCounters, startSimulatorForPortal } from "../support/exact-simulator";
import { linkedLogin } from "../support/linked-login";
import { makeLoginsDue } from "../support/make-logins-due";
import { resetDatabase } from "../support/reset-database";
import { startTestProxy, type TestProxy } from "../support/test-proxy";
import { trustExtraCa } from "../support/trust-extra-ca";
import { actorOf, makeUser } from "../support/users";

// Issue 19 §9, "the wire as it is": Exact speaks https only, and a customer's proxy carries it
// in a CONNECT tunnel. Everywhere else the simulator speaks http, so TLS inside the tunnel —
// the handshake, the certificate check, its failure — is proven here: the simulator serves
// https with a certificate of a CA made for this run, which this process trusts the way an
// operator's NODE_EXTRA_CA_CERTS would (trust-extra-ca.ts), and a real proxy (proxy-chain)
// carries the portal's token refresh and REST calls.

let exactCa: TestCa;
let untrustedCa: TestCa;
let untrust: () => void;
let sim: ExactSimulator;
beforeAll(async () => {
  exactCa = makeTestCa("Koppeling test CA (stands in for Exact's public CA)");
  untrustedCa = makeTestCa("A proxy's own CA the portal does not trust");
  untrust = trustExtraCa(exactCa.certPem);
  sim = await startSimulatorForPortal({ tls: exactCa.issueServerCertificate() });
});
afterAll(async () => {
  await sim?.close();
  untrust?.();
  exactCa?.remove();
  untrustedCa?.remove();
});

const PROXY_USER = { username: "QICS\\jan", password: "proxy-geheim-7" };
let admin: ReturnType<typeof actorOf>;
let environmentId: string;
let loginId: string;
let proxy: TestProxy;
beforeEach(async () => {
  await resetDatabase();
  resetClock();
  await simControl(sim, "reset", {});
  admin = actorOf(await makeUser("admin@example.nl", "admin"));
  environmentId = (await listEnvironments())[0].id;
  // The consent round trip's code exchange is https too (directly, no proxy).
  loginId = await linkedLogin(sim, admin, environmentId);
  // Ten minutes later: the next call must refresh first.
  await makeLoginsDue(sim, [loginId]);
});
afterEach(async () => {
  await closeProxyAgents();
  await proxy?.close();
});

const loginRow = async () => (await getDb().select().from(oauthLogins).where(eq(oauthLogins.id, loginId)))[0];
const simHost = () => new URL(sim.url).host;
/** REST calls Exact has answered, by endpoint (linking the login read current/Me once). */
const apiCalls = async (): Promise<Record<string, number>> => (await simCounters(sim)).api;
const viaProxy = (server: string, description = "ONLINE") =>
  insertAdministration({
    environmentId,
    description,
    oauthLoginId: loginId,
    proxy: { server, username: "jan", password: PROXY_USER.password, domain: "QICS" },
  });

describe("Exact over https through the administration's proxy", () => {
  test("the refresh and the REST calls go through the CONNECT tunnel with the certificate checked", async () => {
    expect(sim.url).toMatch(/^https:\/\//);
    proxy = await startTestProxy({ credentials: PROXY_USER });
    const id = await viaProxy(proxy.server);
    const before = await loginRow();
    const apiBefore = await apiCalls();

    const result = await testAdministrationConnection(admin, id);

    expect(result).toMatchObject({ exactUserName: "marieke.qics", divisionCount: 6 });
    // Every CONNECT went to Exact's host and port, with the proxy's credentials.
    expect(proxy.connects()).toBeGreaterThanOrEqual(1);
    expect(new Set(proxy.targets)).toEqual(new Set([simHost()]));
    expect(proxy.credentials).toContainEqual(PROXY_USER);
    // Exact saw one refresh and the two REST calls: only https reaches it.
    expect(await refreshOutcomes(sim)).toEqual({ ok: 1 });
    expect(await apiCalls()).toEqual({
      "current/Me": (apiBefore["current/Me"] ?? 0) + 1,
      "system/Divisions": (apiBefore["system/Divisions"] ?? 0) + 1,
    });
    // The new pair is stored, the login healthy, the test's success kept.
    const after = await loginRow();
    expect(after.status).toBe("active");
    expect(after.lastError).toBeNull();
    expect(after.refreshTokenEnc).not.toBe(before.refreshTokenEnc);
    expect(after.accessTokenEnc).not.toBe(before.accessTokenEnc);
    expect(after.tokenVersion).toBe(before.tokenVersion + 1);
    expect(after.refreshInDoubtAt).toBeNull();
    expect(await administrationRow(id)).toMatchObject({ lastTestOk: true });
  });

  test("a proxy that breaks open the TLS with a certificate the portal does not trust: tls_failed, the login as it was", async () => {
    // A TLS-inspecting proxy: it answers the handshake inside the tunnel itself, with its own
    // CA's certificate for the same names, and would relay to Exact.
    proxy = await startTestProxy({ credentials: PROXY_USER, breakOpen: untrustedCa.issueServerCertificate() });
    const id = await viaProxy(proxy.server);
    const before = await loginRow();
    const apiBefore = await apiCalls();

    await expect(testAdministrationConnection(admin, id)).rejects.toMatchObject({ code: "tls_failed" });

    // The refresh was tried through the tunnel and stopped at the handshake: nothing reached
    // Exact (no token call, no REST call), so nothing rotated and nothing is in doubt.
    expect(proxy.connects()).toBeGreaterThanOrEqual(1);
    expect(new Set(proxy.targets)).toEqual(new Set([simHost()]));
    expect(proxy.requests).toEqual([]);
    expect(await refreshOutcomes(sim)).toEqual({});
    expect(await apiCalls()).toEqual(apiBefore);
    const after = await loginRow();
    expect(after).toMatchObject({
      status: before.status,
      refreshTokenEnc: before.refreshTokenEnc,
      accessTokenEnc: before.accessTokenEnc,
      tokenVersion: before.tokenVersion,
      refreshInDoubtAt: null,
      refreshLeaseOwner: null,
      lastError: "tls_failed",
    });
    expect(after.status).toBe("active");
    // What every viewer may read of it: only that the way through the proxy failed.
    expect(await administrationRow(id)).toMatchObject({ lastTestOk: false, lastTestMessage: "proxy_failed" });

    // The same login, through a proxy that leaves the tunnel alone, refreshes as if nothing happened.
    await proxy.close();
    proxy = await startTestProxy({ credentials: PROXY_USER });
    const honest = await viaProxy(proxy.server, "ONLINE via een andere proxy");
    await expect(testAdministrationConnection(admin, honest)).resolves.toMatchObject({ exactUserName: "marieke.qics" });
    expect(await refreshOutcomes(sim)).toEqual({ ok: 1 });
    expect((await loginRow()).lastError).toBeNull();
  });

  test("without the CA in the portal's trust, Exact's own certificate is refused too: tls_failed", async () => {
    proxy = await startTestProxy({ credentials: PROXY_USER });
    const id = await viaProxy(proxy.server);
    const before = await loginRow();
    untrust();
    try {
      await expect(testAdministrationConnection(admin, id)).rejects.toMatchObject({ code: "tls_failed" });
    } finally {
      untrust = trustExtraCa(exactCa.certPem);
    }
    expect(proxy.connects()).toBeGreaterThanOrEqual(1);
    expect(await refreshOutcomes(sim)).toEqual({});
    expect(await loginRow()).toMatchObject({
      status: "active",
      refreshTokenEnc: before.refreshTokenEnc,
      tokenVersion: before.tokenVersion,
      refreshInDoubtAt: null,
      lastError: "tls_failed",
    });
  });
});
