import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { resetClock } from "@/lib/clock";
import { listEnvironments } from "@/lib/data/environments";
import { exactGetAll, MAX_PAGES } from "@/lib/exact/api/exact-get-all";
import { closeProxyAgents } from "@/lib/exact/http/proxied-fetch";
import { getAccessToken } from "@/lib/exact/tokens/get-access-token";
import { formatAmsterdamTime } from "@/lib/i18n/format-amsterdam-time";
import type { ExactSimulator } from "@/simulator/start-exact-simulator";
import { elapse as elapseBoth, simControl, simCounters, startSimulatorForPortal } from "../support/exact-simulator";
import { linkedLogin } from "../support/linked-login";
import { resetDatabase } from "../support/reset-database";
import { closedPort, startNtlmProxy, startTestProxy, type TestProxy } from "../support/test-proxy";
import { actorOf, makeUser } from "../support/users";

// exactGetAll against the in-process Exact simulator, through real proxies on local ports.

type Me = { UserName: string; CurrentDivision: number };
type Division = { Code: number; Description: string };

let sim: ExactSimulator;
beforeAll(async () => {
  sim = await startSimulatorForPortal();
});
afterAll(async () => {
  await sim.close();
});

let admin: ReturnType<typeof actorOf>;
let environmentId: string;
let loginId: string;
let baseline: Record<string, number>;
const proxies: { close: () => Promise<void> }[] = [];
beforeEach(async () => {
  await resetDatabase();
  resetClock();
  await simControl(sim, "reset", {});
  admin = actorOf(await makeUser("admin@example.nl", "admin"));
  environmentId = (await listEnvironments())[0].id;
  // The simulator's first user: marieke.qics, six divisions of Qics.
  loginId = await linkedLogin(sim, admin, environmentId);
  // Linking read current/Me once; the tests count from here.
  baseline = (await counters()).api;
});
afterEach(async () => {
  await closeProxyAgents();
  for (const p of proxies.splice(0)) await p.close();
});

async function proxy(options: Parameters<typeof startTestProxy>[0] = {}): Promise<TestProxy> {
  const started = await startTestProxy(options);
  proxies.push(started);
  return started;
}

const elapse = (seconds: number) => elapseBoth(sim, seconds);

/** Moves both clocks to `plus` seconds past the next whole minute of Exact's clock, where its
 * minutely rate-limit window starts. */
async function toNextMinute(plus = 0) {
  const { now } = (await (await fetch(`${sim.url}/_control/clock`)).json()) as { now: number };
  await elapse((60_000 - (now % 60_000)) / 1000 + plus);
}

const counters = () => simCounters(sim);
/** REST calls that reached Exact since the test's login was linked, by endpoint. */
const apiCalls = async (): Promise<Record<string, number>> => {
  const now: Record<string, number> = (await counters()).api;
  return Object.fromEntries(
    Object.entries(now)
      .map(([k, v]) => [k, v - (baseline[k] ?? 0)])
      .filter(([, v]) => v !== 0),
  );
};
const refreshCalls = async () =>
  Object.values((await counters()).token.refresh_token ?? {}).reduce((a: number, b) => a + Number(b), 0);

describe("exactGetAll through an administration's proxy", () => {
  test("goes through the proxy, which sees the DOMAIN\\user Basic credentials", async () => {
    const p = await proxy({ credentials: { username: "QICS\\jan", password: "geheim-1" } });
    const target = { loginId, proxy: { server: p.server, username: "jan", password: "geheim-1", domain: "QICS" } };
    const [me] = await exactGetAll<Me>(target, "current/Me");
    expect(me).toMatchObject({ UserName: "marieke.qics", CurrentDivision: 2340002 });
    const divisions = await exactGetAll<Division>(target, "2340001/system/Divisions?$select=Code,Description");
    expect(divisions).toHaveLength(6);
    expect(p.connects()).toBeGreaterThanOrEqual(1);
    expect(p.credentials).toContainEqual({ username: "QICS\\jan", password: "geheim-1" });
    expect(p.credentials.every((c) => c.username === "QICS\\jan")).toBe(true);
    expect(await apiCalls()).toEqual({ "current/Me": 1, "system/Divisions": 1 });
  });

  test("an http:// prefix on the proxy works the same; without a proxy the call goes direct", async () => {
    const p = await proxy();
    expect(await exactGetAll<Me>({ loginId, proxy: { server: `http://${p.server}` } }, "current/Me")).toHaveLength(1);
    expect(p.connects()).toBe(1);
    expect(await exactGetAll<Me>({ loginId, proxy: null }, "current/Me")).toHaveLength(1);
    expect(await exactGetAll<Me>({ loginId, proxy: { server: "  " } }, "current/Me")).toHaveLength(1);
    expect(p.connects()).toBe(1);
  });

  test("the token refresh the call triggers goes through the proxy too", async () => {
    const p = await proxy({ inspect: true, credentials: { username: "jan", password: "pw" } });
    await elapse(575);
    await exactGetAll<Me>({ loginId, proxy: { server: p.server, username: "jan", password: "pw" } }, "current/Me");
    expect(p.requests).toEqual(["POST /nl/api/oauth2/token", "GET /nl/api/v1/current/Me"]);
    expect((await counters()).token.refresh_token).toMatchObject({ ok: 1 });
  });

  test("a proxy that is down: proxy_unreachable, and a due refresh is not sent around it", async () => {
    const target = { loginId, proxy: { server: `127.0.0.1:${await closedPort()}` } };
    await expect(exactGetAll(target, "current/Me")).rejects.toMatchObject({ code: "proxy_unreachable" });
    await elapse(575);
    await expect(exactGetAll(target, "current/Me")).rejects.toMatchObject({ code: "proxy_unreachable" });
    expect(await refreshCalls()).toBe(0);
    expect(await apiCalls()).toEqual({});
  });

  test("a wrong proxy password: proxy_auth_failed, for the call and for the refresh it triggers", async () => {
    const p = await proxy({ credentials: { username: "jan", password: "right" } });
    const target = { loginId, proxy: { server: p.server, username: "jan", password: "wrong" } };
    await expect(exactGetAll(target, "current/Me")).rejects.toMatchObject({ code: "proxy_auth_failed" });
    await elapse(575);
    await expect(exactGetAll(target, "current/Me")).rejects.toMatchObject({ code: "proxy_auth_failed" });
    expect(await refreshCalls()).toBe(0);
    expect(await apiCalls()).toEqual({});
    // Not the login's fault: with the right password it works at once.
    const right = { loginId, proxy: { server: p.server, username: "jan", password: "right" } };
    expect(await exactGetAll<Me>(right, "current/Me")).toHaveLength(1);
  });

  test("a proxy that wants NTLM: proxy_ntlm_unsupported", async () => {
    const ntlm = await startNtlmProxy();
    proxies.push(ntlm);
    const target = { loginId, proxy: { server: ntlm.server, username: "jan", password: "pw", domain: "QICS" } };
    await expect(exactGetAll(target, "current/Me")).rejects.toMatchObject({ code: "proxy_ntlm_unsupported" });
  });

  test("a proxy host name that does not exist: host_not_found", async () => {
    const target = { loginId, proxy: { server: "proxy.koppeling.invalid:3128" } };
    await expect(exactGetAll(target, "current/Me")).rejects.toMatchObject({ code: "host_not_found" });
  });
});

describe("exactGetAll and Exact's answers", () => {
  test("follows __next: all 131 divisions of pieter.kantoor, in three pages", async () => {
    const pieter = await linkedLogin(sim, admin, environmentId, {
      userName: "pieter.kantoor",
      password: "Pieters-Exact-130",
    });
    const p = await proxy();
    const divisions = await exactGetAll<Division>(
      { loginId: pieter, proxy: { server: p.server } },
      "3100001/system/Divisions?$select=Code,Description",
    );
    expect(divisions).toHaveLength(131);
    expect(new Set(divisions.map((d) => d.Code)).size).toBe(131);
    expect(Object.keys(divisions[0]).sort()).toEqual(["Code", "Description", "__metadata"]);
    expect((await apiCalls())["system/Divisions"]).toBe(3);
  });

  test(`a __next chain that goes on stops after MAX_PAGES (${MAX_PAGES}) pages with exact_too_many_pages`, async () => {
    // An "Exact" behind the proxy whose every page links to one more.
    let pages = 0;
    const p = await proxy({
      serve: (req, res) => {
        pages += 1;
        const next = `http://${req.headers.host}${req.url?.split("?")[0]}?$skiptoken=${pages}`;
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ d: { results: [{ Code: pages }], __next: next } }));
      },
    });
    const target = { loginId, proxy: { server: p.server } };
    const error = await exactGetAll(target, "2340001/system/Divisions").catch((e) => e);
    expect(error).toMatchObject({ code: "exact_too_many_pages", values: { pages: MAX_PAGES } });
    expect(pages).toBe(MAX_PAGES);
  }, 120_000);

  test("a 429 is refused with exact_rate_limited and the reset time; no call leaves until then", async () => {
    await toNextMinute(1); // all 61 calls in one minute window
    const token = await getAccessToken(loginId);
    let reset = 0;
    for (let i = 0; i < 60; i++) {
      const r = await fetch(`${sim.siteUrl("NL")}/api/v1/2340001/system/Divisions`, {
        headers: { Accept: "application/json", Authorization: `Bearer ${token}` },
      });
      expect(r.status).toBe(200);
      reset = Number(r.headers.get("X-RateLimit-Minutely-Reset"));
    }
    const interactive = { loginId, interactive: true };
    const error = await exactGetAll(interactive, "2340001/system/Divisions").catch((e) => e);
    expect(error).toMatchObject({ code: "exact_rate_limited", values: { until: formatAmsterdamTime(reset) } });
    expect(error.values.until).toMatch(/^\d\d:\d\d$/);
    const before = await counters();
    expect(before.rateLimited).toBe(1);
    await expect(exactGetAll(interactive, "2340001/system/Divisions?$select=Code")).rejects.toMatchObject({
      code: "exact_rate_limited",
    });
    expect(await counters()).toEqual(before);
    // Other divisions have their own limit.
    expect(await exactGetAll(interactive, "2340002/system/Divisions")).toHaveLength(6);
  });

  test("a background call sits out a short minutely reset, then succeeds", async () => {
    await toNextMinute(1);
    const token = await getAccessToken(loginId);
    for (let i = 0; i < 60; i++) {
      await fetch(`${sim.siteUrl("NL")}/api/v1/2340001/system/Divisions`, {
        headers: { Accept: "application/json", Authorization: `Bearer ${token}` },
      });
    }
    // 57 of the window's 60 s pass; about 3 s are left.
    await elapse(56);
    const started = Date.now();
    expect(await exactGetAll({ loginId }, "2340001/system/Divisions")).toHaveLength(6);
    expect(Date.now() - started).toBeGreaterThan(1_000);
    expect((await counters()).rateLimited).toBe(1);
  });

  test("a 503 is retried and then succeeds", async () => {
    await simControl(sim, "fault", { path: "/api/v1/current/Me", fault: { status: 503 } });
    expect(await exactGetAll<Me>({ loginId }, "current/Me")).toHaveLength(1);
    // The queued fault was used up by the first attempt.
    expect(await simControl(sim, "fault", { path: "/none", fault: { status: 503 } })).toEqual({ queued: 1 });
  });

  test("5xx three times: exact_unavailable after two retries", async () => {
    for (let i = 0; i < 3; i++) await simControl(sim, "fault", { path: "/api/v1/current/Me", fault: { status: 500 } });
    await expect(exactGetAll({ loginId }, "current/Me")).rejects.toMatchObject({ code: "exact_unavailable" });
    expect(await simControl(sim, "fault", { path: "/none", fault: { status: 503 } })).toEqual({ queued: 1 });
  });

  test("a 403 (a division of her company that is not open to her): division_out_of_scope, not retried", async () => {
    await expect(exactGetAll({ loginId }, "2340007/system/Divisions")).rejects.toMatchObject({
      code: "division_out_of_scope",
    });
    expect(await apiCalls()).toEqual({ "system/Divisions": 1 });
  });

  test("a 401 to the stored token forces one refresh; a refresh token Exact forgot too: needs_reauth", async () => {
    // Exact forgets every token: the stored access token is refused, and so is its refresh token.
    await simControl(sim, "reset", {});
    const p = await proxy();
    await expect(exactGetAll({ loginId, proxy: { server: p.server } }, "current/Me")).rejects.toMatchObject({
      code: "needs_reauth",
    });
    const after = await counters();
    expect(after.token.refresh_token).toMatchObject({ invalid_grant: 1 });
    expect(after.api["current/Me"]).toBe(1);
  });

  test("a path that would leave /api/v1/ is refused before anything is sent", async () => {
    for (const path of ["https://evil.example/api/v1/current/Me", "/current/Me", "../oauth2/token", "a/../../x"]) {
      await expect(exactGetAll({ loginId }, path)).rejects.toThrow(/relative to \/api\/v1\//);
    }
    expect(await apiCalls()).toEqual({});
  });
});
