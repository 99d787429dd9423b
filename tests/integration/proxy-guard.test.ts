import { count, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { getDb } from "@/db/client";
import { administrations } from "@/db/schema";
import { resetClock } from "@/lib/clock";
import { createAdministration, updateAdministration } from "@/lib/data/administrations";
import { listEnvironments } from "@/lib/data/environments";
import { closeProxyAgents } from "@/lib/exact/http/proxied-fetch";
import { testAdministrationConnection } from "@/lib/links/test-administration-connection";
import { administrationSchema } from "@/lib/schemas/administrations";
import type { ExactSimulator } from "@/simulator/start-exact-simulator";
import { administrationRow, insertAdministration } from "../support/administration-row";
import { simControl, startSimulatorForPortal } from "../support/exact-simulator";
import { linkedLogin } from "../support/linked-login";
import { resetDatabase } from "../support/reset-database";
import { closedPort, startTestProxy, type TestProxy } from "../support/test-proxy";
import { actorOf, makeUser } from "../support/users";

// Issue 12 §1: an administration's proxy cannot point into the portal's own host, a
// link-local network or a cloud metadata service, on save nor on use, unless the operator
// lists it in PROXY_ALLOWED_HOSTS. The test proxy is real and listens on 127.0.0.1.

let sim: ExactSimulator;
beforeAll(async () => {
  sim = await startSimulatorForPortal();
});
afterAll(async () => {
  await sim.close();
});

const allowed = process.env.PROXY_ALLOWED_HOSTS;
let admin: { id: string; email: string };
let environmentId: string;
let loginId: string;
let proxy: TestProxy;
beforeEach(async () => {
  await resetDatabase();
  resetClock();
  await simControl(sim, "reset", {});
  admin = actorOf(await makeUser("admin@example.nl", "admin"));
  environmentId = (await listEnvironments())[0].id;
  loginId = await linkedLogin(sim, admin, environmentId);
  proxy = await startTestProxy();
  process.env.PROXY_ALLOWED_HOSTS = "";
});
afterEach(async () => {
  process.env.PROXY_ALLOWED_HOSTS = allowed;
  await closeProxyAgents();
  await proxy.close();
});

const values = (proxyServer: string, description = "ONLINE") =>
  administrationSchema.parse({
    type: "exact_online",
    description,
    oauthLoginId: loginId,
    proxyServer,
    proxyUsername: "",
    proxyPasswordAction: "keep",
    proxyPassword: "",
    proxyDomain: "",
  });
const rows = async () => (await getDb().select({ n: count() }).from(administrations))[0].n;

describe("saving a proxy", () => {
  test.each([
    ["127.0.0.1", "proxy_refused_loopback"],
    ["[::1]", "proxy_refused_loopback"],
    ["localhost", "proxy_refused_loopback"],
    ["169.254.169.254", "proxy_refused_metadata"],
    ["169.254.10.10", "proxy_refused_link_local"],
    ["0.0.0.0", "proxy_refused_unspecified"],
  ])("%s is refused as a field error, and nothing is stored", async (host, code) => {
    const server = `${host}:${proxy.port}`;
    await expect(createAdministration(admin, environmentId, values(server))).rejects.toMatchObject({
      code,
      field: "proxyServer",
    });
    expect(await rows()).toBe(0);
    // Listed by the operator, the same proxy is saved.
    process.env.PROXY_ALLOWED_HOSTS = `${host}:${proxy.port}`;
    await createAdministration(admin, environmentId, values(server));
    expect(await rows()).toBe(1);
  });

  test("an update to a refused proxy changes nothing; private addresses stay allowed", async () => {
    const { id } = await createAdministration(admin, environmentId, values("10.20.30.40:3128"));
    await expect(updateAdministration(admin, environmentId, id, values("localhost:3128"))).rejects.toMatchObject({
      code: "proxy_refused_loopback",
      field: "proxyServer",
    });
    expect((await administrationRow(id)).proxyServer).toBe("10.20.30.40:3128");
    await updateAdministration(admin, environmentId, id, values("192.168.1.5:8080"));
    await updateAdministration(admin, environmentId, id, values("[fd00::5]:8080"));
    expect((await administrationRow(id)).proxyServer).toBe("[fd00::5]:8080");
  });
});

describe("using a proxy (stored before the guard, or by anything but the form)", () => {
  const stored = (server: string) => insertAdministration({ environmentId, oauthLoginId: loginId, proxy: { server } });

  test.each(["127.0.0.1", "[::1]", "localhost"])(
    "%s: Verbinding testen refuses it in words and never connects",
    async (host) => {
      const id = await stored(`${host}:${proxy.port}`);
      await expect(testAdministrationConnection(admin, id)).rejects.toMatchObject({ code: "proxy_refused_loopback" });
      expect(proxy.connects()).toBe(0);
      expect(await administrationRow(id)).toMatchObject({
        lastTestOk: false,
        lastTestMessage: "proxy_refused_loopback",
      });
    },
  );

  test("a name is checked on the addresses the socket connects to: localhost, allowed, then goes through", async () => {
    const id = await stored(`localhost:${proxy.port}`);
    process.env.PROXY_ALLOWED_HOSTS = "localhost";
    // proxy-chain listens on 127.0.0.1 only; localhost may resolve to ::1 first: either way
    // the call must go through the proxy once allowed.
    await expect(testAdministrationConnection(admin, id)).resolves.toMatchObject({ exactUserName: "marieke.qics" });
    expect(proxy.connects()).toBeGreaterThanOrEqual(1);
  });

  test("127.0.0.1, allowed by host alone, goes through on any port", async () => {
    process.env.PROXY_ALLOWED_HOSTS = "127.0.0.1";
    const id = await stored(proxy.server);
    await expect(testAdministrationConnection(admin, id)).resolves.toMatchObject({ exactUserName: "marieke.qics" });
  });
});

describe("the stored result tells viewers nothing about the network behind the proxy", () => {
  test("a refused port and a missing host leave the same words", async () => {
    process.env.PROXY_ALLOWED_HOSTS = "127.0.0.1";
    const refused = await insertAdministration({
      environmentId,
      description: "REFUSED",
      oauthLoginId: loginId,
      proxy: { server: `127.0.0.1:${await closedPort()}` },
    });
    const missing = await insertAdministration({
      environmentId,
      description: "MISSING",
      oauthLoginId: loginId,
      proxy: { server: "no-such-proxy.invalid:3128" },
    });
    // The admin who tests is told which, in words.
    await expect(testAdministrationConnection(admin, refused)).rejects.toMatchObject({ code: "proxy_unreachable" });
    await expect(testAdministrationConnection(admin, missing)).rejects.toMatchObject({ code: "host_not_found" });
    const [a, b] = [await administrationRow(refused), await administrationRow(missing)];
    expect(a).toMatchObject({ lastTestOk: false, lastTestMessage: "proxy_failed", lastCallError: "proxy_failed" });
    expect(b).toMatchObject({ lastTestOk: false, lastTestMessage: "proxy_failed", lastCallError: "proxy_failed" });
    const [row] = await getDb().select().from(administrations).where(eq(administrations.id, missing));
    expect(row.lastCallErrorValues).toBeNull();
  });
});
