import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { DELETE, GET, PATCH, POST, PUT } from "@/app/api/v1/administrations/[id]/exact/[...path]/route";
import { getDb } from "@/db/client";
import {
  administrations,
  apiKeys,
  auditEvents,
  divisions,
  environments,
  exactErrorCounts,
  oauthLogins,
} from "@/db/schema";
import { advanceClock } from "@/lib/clock";
import { accessTokenColumn, refreshTokenColumn } from "@/lib/crypto/secret-columns";
import { exactGetAll } from "@/lib/exact/api/exact-get-all";
import { closeProxyAgents } from "@/lib/exact/http/proxied-fetch";
import { readCurrentMe } from "@/lib/exact/read-current-me";
import { accessTokenFor } from "@/lib/exact/tokens/get-access-token";
import { MAX_BODY_BYTES } from "@/lib/public-api/exact-pass-through-limits";
import { administrationRow, insertAdministration } from "../support/administration-row";
import { insertApiKey } from "../support/api-key-row";
import { elapse, pendingFaults, SIM_USERS, simControl, simCounters, withLatency } from "../support/exact-simulator";
import { portalWithSimulator } from "../support/portal-with-simulator";
import { closedPort, startTestProxy, type TestProxy } from "../support/test-proxy";

// The pass-through (GET|POST|PUT|DELETE /api/v1/administrations/{id}/exact/{path}): the route's
// own handlers with real Requests, the real simulator behind them, real proxies on local ports.

const world = portalWithSimulator({ linked: { description: "Marieke", ...SIM_USERS.marieke } });
let key: string;
let administrationId: string;
const proxies: TestProxy[] = [];
beforeEach(async () => {
  // Read-write: most tests here write; a key's scope has its own tests below.
  key = (await insertApiKey(world.environmentId, "Facturatie", "read-write")).key;
  administrationId = await insertAdministration({ environmentId: world.environmentId, oauthLoginId: world.loginId });
  await mapDivision(administrationId, 2340001);
});
afterEach(async () => {
  await closeProxyAgents();
  for (const p of proxies.splice(0)) await p.close();
  delete process.env.EXACT_ERROR_BUDGET;
  delete process.env.EXACT_MAX_IN_FLIGHT;
  delete process.env.EXACT_QUEUE_WAIT_MS;
  await withLatency(world.sim, null);
});

type Method = "GET" | "POST" | "PUT" | "DELETE" | "PATCH";
type Options = { body?: BodyInit; headers?: Record<string, string>; id?: string; key?: string };

/** A request as another system sends it, answered by the route's handler for its method. */
function call(method: Method, path: string, options: Options = {}): Promise<Response> {
  const id = options.id ?? administrationId;
  const request = new Request(`http://portal.test/api/v1/administrations/${id}/exact/${path}`, {
    method,
    headers: { authorization: `Bearer ${options.key ?? key}`, ...options.headers },
    body: options.body,
    duplex: "half",
  } as RequestInit);
  const params = Promise.resolve({ id, path: path.split("?")[0].split("/") });
  return { GET, POST, PUT, DELETE, PATCH }[method](request, { params });
}

let divisionCount = 0;
async function mapDivision(id: string, exactDivisionCode: number) {
  await getDb()
    .insert(divisions)
    .values({
      environmentId: world.environmentId,
      code: `D${++divisionCount}`,
      name: `Divisie ${exactDivisionCode}`,
      administrationId: id,
      exactDivisionCode,
    });
}

async function proxy(options: Parameters<typeof startTestProxy>[0] = {}): Promise<TestProxy> {
  const started = await startTestProxy(options);
  proxies.push(started);
  return started;
}

const counters = () => simCounters(world.sim);
const refreshes = async () => (await counters()).token.refresh_token.ok as number;
const apiCalls = async (endpoint: string) => ((await counters()).api[endpoint] ?? 0) as number;
const login = async () => (await getDb().select().from(oauthLogins).where(eq(oauthLogins.id, world.loginId)))[0];
const json = async (response: Response) => JSON.parse(await response.text());
/** Error answers the portal counted toward its budget (the API's share is counted beside them). */
const errorsCounted = async () =>
  (await getDb().select().from(exactErrorCounts))
    .filter((c) => !c.key.startsWith("api|"))
    .reduce((n, c) => n + c.count, 0);

describe("calls that go through", () => {
  test("GET current/Me: Exact's status, body, content type and rate-limit headers", async () => {
    const response = await call("GET", "current/Me");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(response.headers.get("x-ratelimit-minutely-remaining")).toMatch(/^\d+$/);
    expect(response.headers.get("x-ratelimit-remaining")).toMatch(/^\d+$/);
    expect(response.headers.get("cache-control")).toBe("no-store, no-transform");
    const body = await json(response);
    expect(body.d.results[0]).toMatchObject({ UserName: "marieke.qics", CurrentDivision: 2340002 });
    // Recorded as the link's health; counted on the key.
    expect(await administrationRow(administrationId)).toMatchObject({ lastCallOk: true, lastCallError: null });
    const [row] = await getDb().select().from(apiKeys);
    expect(row.callCount).toBe(1);
  });

  test("the answer's body survives a garbage collection before anyone reads it", async () => {
    // fetch cancels the body of a Response that is collected unread; the pass-through hands on
    // only the body, so its own Response from Exact is collected while the caller still waits.
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const responses = await Promise.all(Array.from({ length: 5 }, () => call("GET", "current/Me")));
    for (let i = 0; i < 3; i++) {
      gc();
      await new Promise((r) => setTimeout(r, 10));
    }
    for (const response of responses) expect((await json(response)).d.results).toHaveLength(1);
  });

  test("GET: the query string is passed on, the body comes byte for byte as Exact sent it", async () => {
    const path = "current/Me?$select=UserName,FullName&$top=1";
    const response = await call("GET", path);
    expect(response.status).toBe(200);
    const text = await response.text();
    const direct = await fetch(`${world.sim.siteUrl("NL")}/api/v1/${path}`, {
      headers: {
        Accept: "application/json",
        Authorization: `Bearer ${(await accessTokenFor(world.loginId)).accessToken}`,
      },
    });
    expect(text).toBe(await direct.text());
    const records = JSON.parse(text).d.results;
    expect(records).toHaveLength(1);
    expect(Object.keys(records[0]).sort()).toEqual(["FullName", "UserName", "__metadata"]);
  });

  test("POST, PUT and DELETE on {division}/project/TimeTransactions, with the body and its Content-Type", async () => {
    const item = "6a1d7f3c-1111-4c4c-9a9a-0123456789ab";
    const created = await call("POST", "2340001/project/TimeTransactions", {
      body: JSON.stringify({ Item: item, Quantity: 7.5, Notes: "Uren week 27" }),
      headers: { "content-type": "application/json" },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get("x-ratelimit-minutely-limit")).toBe("60");
    const { d } = await json(created);
    expect(d).toMatchObject({ Division: 2340001, Item: item, Quantity: 7.5, Notes: "Uren week 27" });
    const entity = `2340001/project/TimeTransactions(guid'${d.ID}')`;

    const updated = await call("PUT", entity, {
      body: JSON.stringify({ Quantity: 8 }),
      headers: { "content-type": "application/json" },
    });
    expect(updated.status).toBe(204);
    expect(updated.body).toBeNull();
    expect((await json(await call("GET", entity))).d).toMatchObject({ Quantity: 8, Notes: "Uren week 27" });

    expect((await call("DELETE", entity)).status).toBe(204);
    // Exact's own 404, passed on as it came.
    const gone = await call("GET", entity);
    expect(gone.status).toBe(404);
    expect((await json(gone)).error.message.value).toContain("not found");
    expect(await apiCalls("project/TimeTransactions")).toBe(5);
  });

  test("a division-scoped resource passes: GET {division}/project/TimeTransactions, in any letters, and one entity", async () => {
    const booked = await call("POST", "2340001/project/TimeTransactions", {
      body: JSON.stringify({ Quantity: 2, Notes: "Overleg" }),
      headers: { "content-type": "application/json" },
    });
    const { ID } = (await json(booked)).d;
    const listed = await call("GET", "2340001/project/TimeTransactions");
    expect(listed.status).toBe(200);
    expect((await json(listed)).d.results).toEqual([
      expect.objectContaining({ ID, Division: 2340001, Notes: "Overleg" }),
    ]);
    expect((await call("GET", "2340001/PROJECT/timetransactions")).status).toBe(200);
    const one = await call("GET", `2340001/project/TimeTransactions(guid'${ID}')`);
    expect(one.status).toBe(200);
    expect((await json(one)).d).toMatchObject({ ID, Quantity: 2 });
    expect(await apiCalls("project/TimeTransactions")).toBe(4);
  });

  test("EXACT_EXTRA_SERVICES opens a service the allow-list leaves out: the call reaches Exact", async () => {
    const path = "2340001/webhooks/WebhookSubscriptions";
    const before = await apiCalls("other");
    expect((await json(await call("GET", path))).error.code).toBe("division_scope");
    expect(await apiCalls("other")).toBe(before);
    process.env.EXACT_EXTRA_SERVICES = "webhooks";
    try {
      // The simulator serves no webhooks: Exact's own 404, passed on, shows the call went out.
      const response = await call("GET", path);
      expect(response.status).toBe(404);
      expect((await json(response)).error.message.value).toBe("Resource not found");
      expect(await apiCalls("other")).toBe(before + 1);
      // What is about other divisions stays refused whatever the setting opens.
      expect((await json(await call("GET", "2340001/system/Divisions"))).error.code).toBe("division_scope");
    } finally {
      delete process.env.EXACT_EXTRA_SERVICES;
    }
  });

  test("Exact's 400 for a body it refuses is passed on, and is no failure of the link", async () => {
    const response = await call("POST", "2340001/project/TimeTransactions", {
      body: JSON.stringify({ Hours: 8 }),
      headers: { "content-type": "application/json" },
    });
    expect(response.status).toBe(400);
    expect((await json(response)).error.message.value).toContain("Property 'Hours' does not exist");
    expect(await administrationRow(administrationId)).toMatchObject({ lastCallOk: true });
  });

  test("through the administration's proxy, with its credentials: the call and the refresh it triggers", async () => {
    const p = await proxy({ inspect: true, credentials: { username: "QICS\\jan", password: "proxy-geheim-7" } });
    await getDb().delete(divisions);
    administrationId = await insertAdministration({
      environmentId: world.environmentId,
      description: "VIA PROXY",
      oauthLoginId: world.loginId,
      proxy: { server: p.server, username: "jan", password: "proxy-geheim-7", domain: "QICS" },
    });
    await mapDivision(administrationId, 2340001);
    await elapse(world.sim, 575);
    expect((await call("GET", "current/Me")).status).toBe(200);
    const posted = await call("POST", "2340001/project/TimeTransactions", {
      body: JSON.stringify({ Quantity: 1 }),
      headers: { "content-type": "application/json" },
    });
    expect(posted.status).toBe(201);
    expect(p.requests).toEqual([
      "POST /nl/api/oauth2/token",
      "GET /nl/api/v1/current/Me",
      "POST /nl/api/v1/2340001/project/TimeTransactions",
    ]);
    expect(p.credentials.every((c) => c.username === "QICS\\jan" && c.password === "proxy-geheim-7")).toBe(true);
  });

  test("a proxy that is down: 502 in words, no secret in the answer, and the link's health says so", async () => {
    await getDb().delete(divisions);
    administrationId = await insertAdministration({
      environmentId: world.environmentId,
      description: "PROXY STUK",
      oauthLoginId: world.loginId,
      proxy: { server: `127.0.0.1:${await closedPort()}`, username: "jan", password: "proxy-geheim-7" },
    });
    const response = await call("GET", "current/Me");
    expect(response.status).toBe(502);
    const text = await response.text();
    expect(JSON.parse(text).error).toMatchObject({
      code: "proxy_unreachable",
      message: "The proxy server cannot be reached. Check the proxy's address and port.",
      state: "error",
      administration: { id: administrationId, description: "PROXY STUK" },
      login: { status: "active" },
    });
    const row = await login();
    for (const secret of [
      "proxy-geheim-7",
      accessTokenColumn.open(row.id, row.accessTokenEnc as string),
      refreshTokenColumn.open(row.id, row.refreshTokenEnc as string),
    ]) {
      expect(text).not.toContain(secret);
    }
    // Kept on the administration, where viewers see it, only as "the proxy failed".
    expect(await administrationRow(administrationId)).toMatchObject({
      lastCallOk: false,
      lastCallError: "proxy_failed",
    });
  });

  test("the link's health: a success is written once a minute, a failure at once, a success after a failure at once", async () => {
    const lastCall = async () => {
      const row = await administrationRow(administrationId);
      return { at: row.lastCallAt?.getTime(), ok: row.lastCallOk, error: row.lastCallError };
    };
    expect((await call("GET", "current/Me")).status).toBe(200);
    const first = await lastCall();
    expect(first.ok).toBe(true);
    // Within the minute the row already says "worked": not written again.
    await call("GET", "current/Me");
    expect(await lastCall()).toEqual(first);
    // A failed test since then: the next success is written, so it is the latest word.
    await getDb()
      .update(administrations)
      .set({ lastTestAt: new Date(), lastTestOk: false, lastTestMessage: "proxy_unreachable" })
      .where(eq(administrations.id, administrationId));
    await call("GET", "current/Me");
    const afterTest = await lastCall();
    expect(afterTest.at).toBeGreaterThan(first.at as number);
    // A failure of the way to Exact is written at once, and so is the success after it.
    const setProxy = (server: string | null) =>
      getDb().update(administrations).set({ proxyServer: server }).where(eq(administrations.id, administrationId));
    await setProxy(`127.0.0.1:${await closedPort()}`);
    expect((await call("GET", "current/Me")).status).toBe(502);
    expect(await lastCall()).toMatchObject({ ok: false, error: "proxy_failed" });
    await setProxy(null);
    await call("GET", "current/Me");
    expect(await lastCall()).toMatchObject({ ok: true, error: null });
    // A minute on, a success is written again.
    advanceClock(61_000);
    const before = (await lastCall()).at as number;
    await call("GET", "current/Me");
    expect((await lastCall()).at).toBeGreaterThan(before + 60_000);
  });

  test("Exact's 403, 404 and 400 on a caller's own request: passed on, and the link's health stays as it was", async () => {
    // The caller chose the path and the query: Exact's refusal answers the caller, not the link.
    await mapDivision(administrationId, 2340007);
    const forbidden = await call("GET", "2340007/project/TimeTransactions");
    expect(forbidden.status).toBe(403);
    expect((await json(forbidden)).error.message.value).toContain("no access to division 2340007");
    expect((await call("GET", "2340001/crm/Nothing")).status).toBe(404);
    expect((await call("GET", "current/Me?$select=Nope")).status).toBe(400);
    expect(await administrationRow(administrationId)).toMatchObject({ lastCallOk: true, lastCallError: null });
  });
});

describe("a refused access token", () => {
  test("one refresh through the refresh lease, one retry, and the answer", async () => {
    const before = await accessTokenFor(world.loginId);
    await simControl(world.sim, "revoke-access-tokens", { userName: SIM_USERS.marieke.userName });
    const response = await call("GET", "current/Me");
    expect(response.status).toBe(200);
    expect(await refreshes()).toBe(1);
    // The first call with the refused token, then the retry (linking read current/Me once).
    expect(await apiCalls("current/Me")).toBe(3);
    expect(await login()).toMatchObject({ status: "active", tokenVersion: before.version + 1 });
  });

  test("50 callers refused at once, with Exact's limits and the error budget on: one refresh, 50 answers, no block", async () => {
    // All fifty are sent at once with the token Exact has just revoked. Only the calls in flight
    // (EXACT_MAX_IN_FLIGHT, 4) carry it to Exact; the others start once the refresh is done.
    await withLatency(world.sim, 20, 200);
    await simControl(world.sim, "revoke-access-tokens", { userName: SIM_USERS.marieke.userName });
    const before = await counters();
    const responses = await Promise.all(Array.from({ length: 50 }, () => call("GET", "current/Me")));
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
    expect(await refreshes()).toBe(1);
    const after = await counters();
    // At most four refused calls reached Exact: under its ten errors an hour and the portal's budget.
    const meCalls = (after.api["current/Me"] as number) - (before.api["current/Me"] as number);
    expect(meCalls).toBeGreaterThanOrEqual(51);
    expect(meCalls).toBeLessThanOrEqual(54);
    expect(after.errorBlocked).toBe(before.errorBlocked);
    // Every refused call met the same refused token: it counts once toward the error budget.
    expect(await errorsCounted()).toBe(1);
    expect(await login()).toMatchObject({ status: "active", lastError: null });
  });

  test("callers arriving while the refresh of a refused token is under way wait for it: Exact is asked with the refused token once", async () => {
    // Exact's limits stay on: Exact would block the endpoint after ten 401s, the portal after eight.
    await simControl(world.sim, "revoke-access-tokens", { userName: SIM_USERS.marieke.userName });
    await simControl(world.sim, "fault", {
      path: "/api/oauth2/token",
      grantType: "refresh_token",
      fault: { delayMs: 1_500 },
    });
    const first = call("GET", "current/Me");
    while ((await pendingFaults(world.sim)) > 0) await new Promise((r) => setTimeout(r, 20));
    const later = await Promise.all(Array.from({ length: 50 }, () => call("GET", "current/Me")));
    expect((await first).status).toBe(200);
    expect(later.map((r) => r.status)).toEqual(Array(50).fill(200));
    expect(await refreshes()).toBe(1);
    // Linking read current/Me once; then one refused call and 51 answers.
    expect(await apiCalls("current/Me")).toBe(1 + 1 + 51);
    expect(await errorsCounted()).toBe(1);
  });

  test("refused again after the refresh: 409, the login is marked Fout and says why", async () => {
    // A 401 whose token Exact still counts as current: the refresh is 'too early' and the same
    // token is refused again.
    await simControl(world.sim, "fault", { path: "current/Me", fault: { status: 401 } });
    await simControl(world.sim, "fault", { path: "current/Me", fault: { status: 401 } });
    const response = await call("GET", "current/Me");
    expect(response.status).toBe(409);
    expect((await json(response)).error).toMatchObject({
      code: "exact_rejected_token",
      message: "Exact Online refused the token. Re-authorize the login.",
      state: "error",
      login: { status: "error", reason: "exact_rejected_token" },
    });
    expect(await login()).toMatchObject({ status: "error", lastError: "exact_rejected_token" });
  });
});

describe("refused by the portal, before anything is sent to Exact", () => {
  let before: unknown;
  beforeEach(async () => {
    before = await counters();
  });
  afterEach(async () => {
    expect(await counters()).toEqual(before);
  });

  test("a division not mapped to the administration: 403 that says so", async () => {
    // Marieke may open 2340002 in Exact, but it is not this administration's.
    const response = await call("GET", "2340002/project/TimeTransactions");
    expect(response.status).toBe(403);
    expect((await json(response)).error).toMatchObject({
      code: "division_not_mapped",
      message: expect.stringContaining("Exact division 2340002 is not mapped to administration 'ONLINE'"),
    });
  });

  test.each([
    ["the divisions the Exact user can see", "GET", "2340001/system/Divisions", "'system'"],
    ["the whole licence", "GET", "2340001/system/AllDivisions", "'system'"],
    ["the whole licence, in other letters", "GET", "2340001/SYSTEM/alldivisions?$select=Code,VATNumber", "'SYSTEM'"],
    ["the whole licence, a letter encoded", "GET", "2340001/sy%73tem/AllDivisions", "'system'"],
    ["the whole licence, through an unmapped division", "GET", "2340002/system/AllDivisions", "'system'"],
    ["the licence's users", "GET", "2340001/users/Users", "'users'"],
    ["who am I, under a division", "GET", "2340001/current/Me", "'current'"],
    ["a write to the licence's users", "POST", "2340001/users/Users", "'users'"],
    ["hrm's list of divisions", "GET", "2340001/hrm/Divisions", "hrm/Divisions is about more than division"],
    ["one of hrm's divisions", "GET", "2340001/hrm/Divisions(2340002)", "hrm/Divisions is about more than division"],
    ["the licence's division classes", "GET", "2340001/hrm/DivisionClassValues", "hrm/DivisionClassValues is about"],
    ["divisions through sync", "GET", "2340001/sync/HRM/Divisions", "sync/HRM/Divisions is about"],
  ] as const)("%s (%s %s): 403 division_scope, naming the portal's own list", async (_, method, path, words) => {
    const response = await call(method, path, method === "POST" ? { body: "{}" } : {});
    expect(response.status).toBe(403);
    const { error } = await json(response);
    expect(error.code).toBe("division_scope");
    expect(error.message).toContain(words);
    expect(error.message).toContain("To list divisions, call the portal's own GET /api/v1/divisions.");
  });

  test.each([
    ["an encoded slash", 400, "2340001%2F..%2F..%2Foauth2/token"],
    ["an encoded backslash", 400, "2340001/system%5CDivisions"],
    ["an encoded dot in a segment", 400, "2340001/system%2eDivisions"],
    ["an empty segment", 400, "2340001//system/Divisions"],
    ["an absolute URL", 400, "https://evil.example/api/v1/current/Me"],
    ["the token endpoint", 403, "oauth2/token"],
    ["another current/ path", 403, "current/Divisions"],
    ["the licence without a division", 403, "system/AllDivisions"],
    // The URL parser resolves these before any handler sees them: nothing is left after /exact/.
    ["..", 403, "2340001/../../oauth2/token"],
    ["%2e%2e", 403, "2340001/%2e%2e/%2e%2e/oauth2/token"],
  ])("a path with %s: %i", async (_, status, path) => {
    const response = await call("GET", path);
    expect(response.status).toBe(status);
    expect((await json(response)).error.code).toBe(status === 400 ? "exact_path_invalid" : "exact_path_not_allowed");
  });

  test("a body over 1 MiB: 413, by its Content-Length and while it streams in", async () => {
    const big = "x".repeat(MAX_BODY_BYTES + 1);
    const declared = await call("POST", "2340001/project/TimeTransactions", {
      body: big,
      headers: { "content-type": "application/json", "content-length": String(big.length) },
    });
    expect(declared.status).toBe(413);
    expect((await json(declared)).error).toMatchObject({ code: "body_too_large", maxBytes: 1_048_576 });
    const chunks = [big.slice(0, 600_000), big.slice(600_000)];
    const stream = new ReadableStream({
      pull(controller) {
        const next = chunks.shift();
        if (next === undefined) controller.close();
        else controller.enqueue(new TextEncoder().encode(next));
      },
    });
    const streamed = await call("PUT", "2340001/project/TimeTransactions(guid'6a1d7f3c-1111-4c4c-9a9a-0123456789ab')", {
      body: stream,
      headers: { "content-type": "application/json" },
    });
    expect(streamed.status).toBe(413);
  });

  test("another environment's administration, or no administration: 404 that reveals nothing", async () => {
    const [other] = await getDb()
      .insert(environments)
      .values({ name: "Elders", sortOrder: 50 })
      .returning({ id: environments.id });
    const foreign = await insertAdministration({
      environmentId: other.id,
      description: "GEHEIM",
      oauthLoginId: world.loginId,
    });
    for (const id of [foreign, "00000000-0000-4000-8000-000000000000", "not-a-uuid"]) {
      const response = await call("GET", "current/Me", { id });
      expect(response.status).toBe(404);
      const text = await response.text();
      expect(JSON.parse(text).error.code).toBe("administration_not_found");
      expect(text).not.toContain("GEHEIM");
    }
  });

  test("PATCH: 405 with Allow; no key: 401", async () => {
    const patched = await call("PATCH", "current/Me");
    expect(patched.status).toBe(405);
    expect(patched.headers.get("allow")).toBe("GET, POST, PUT, DELETE");
    expect((await json(patched)).error.code).toBe("method_not_allowed");
    expect((await call("GET", "current/Me", { key: "kop_0000000000_nope" })).status).toBe(401);
  });

  test("no login linked: 409 with the state", async () => {
    administrationId = await insertAdministration({
      environmentId: world.environmentId,
      description: "ZONDER LOGIN",
      oauthLoginId: null,
    });
    const response = await call("GET", "current/Me");
    expect(response.status).toBe(409);
    expect((await json(response)).error).toEqual({
      code: "administration_has_no_login",
      message:
        "Administration 'ZONDER LOGIN' has no OAuth login: an administrator links one in the portal (Systeem › Algemene instellingen).",
      state: "not_linked",
      administration: { id: administrationId, description: "ZONDER LOGIN" },
      login: null,
    });
  });

  test.each([
    [
      "needs re-authorization",
      { status: "needs_reauth", lastError: "refresh_token_reused" },
      "needs_reauth",
      "cannot be used: Needs re-authorization: The token was already used elsewhere; re-authorize.",
    ],
    [
      "expired (30 days unused)",
      { loginExpiresAt: new Date(Date.now() - 60_000) },
      "needs_reauth",
      "cannot be used: Needs re-authorization.",
    ],
    [
      "in error",
      { status: "error", lastError: "invalid_client" },
      "login_error",
      "cannot be used: Error: Exact Online refuses the app registration (client id or secret).",
    ],
    [
      "never authorized",
      { status: "pending", refreshTokenEnc: null, accessTokenEnc: null, lastError: "consent_denied" },
      "not_authorized",
      "has not been authorized in Exact Online yet (Awaiting consent).",
    ],
  ] as const)("the login %s: 409 in words, with the state", async (_, change, code, words) => {
    await getDb()
      .update(oauthLogins)
      .set(change as Partial<typeof oauthLogins.$inferInsert>)
      .where(eq(oauthLogins.id, world.loginId));
    const response = await call("GET", "2340001/project/TimeTransactions");
    expect(response.status).toBe(409);
    const { error } = await json(response);
    expect(error.code).toBe(code);
    expect(error.message).toContain("OAuth login 'Marieke' of administration 'ONLINE'");
    expect(error.message).toContain(words);
    const status = code === "login_error" ? "error" : code === "not_authorized" ? "pending" : "needs_reauth";
    expect(error.state).toBe(status);
    expect(error.login).toMatchObject({ id: world.loginId, description: "Marieke", status });
  });

  test("paused by the error budget: 503 with Retry-After and the time, until the errors age out", async () => {
    // The API's share of the budget (5 of the 8, under Exact's 10): five of Exact's 404s for
    // one endpoint use it; nothing is sent after them, so Exact never blocks.
    for (let i = 0; i < 5; i++) expect((await call("GET", `2340001/crm/Nothing?$select=ID${i}`)).status).toBe(404);
    before = await counters();
    const response = await call("GET", "2340001/crm/Nothing");
    expect(response.status).toBe(503);
    const retryAfter = Number(response.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(3_500);
    expect(retryAfter).toBeLessThanOrEqual(3_660);
    const { error } = await json(response);
    expect(error).toMatchObject({ code: "exact_paused", state: "error", pausedBy: "error_budget" });
    expect(error.message).toMatch(/^Calls to Exact Online for this are paused until \d\d:\d\d/);
    expect(Date.parse(error.until) - Date.now()).toBeGreaterThan(3_500_000);
  });

  test("a key's bad queries use the API's share of the budget only: the portal's own current/Me goes on", async () => {
    // Eight bad queries of current/Me from a key: the API is paused after its five, and the
    // keep-alive's check of the same endpoint still reaches Exact.
    const statuses = [];
    for (let i = 0; i < 8; i++) statuses.push((await call("GET", `current/Me?$select=Nope${i}`)).status);
    expect(statuses).toEqual([400, 400, 400, 400, 400, 503, 503, 503]);
    const meBefore = await apiCalls("current/Me");
    expect((await call("GET", "current/Me")).status).toBe(503);
    expect(await readCurrentMe({ loginId: world.loginId, caller: "keepalive" })).toMatchObject({
      userName: SIM_USERS.marieke.userName,
    });
    expect((await apiCalls("current/Me")) - meBefore).toBe(1);
    before = await counters();
    expect(await errorsCounted()).toBe(5);
    // The keys' errors never set the link's health, and the login stays as it was.
    expect(await administrationRow(administrationId)).toMatchObject({ lastCallError: null });
    expect(await login()).toMatchObject({ status: "active", lastError: null });
  });

  test("the portal's own calls pause at the whole budget, counting the keys' errors only up to their share", async () => {
    for (let i = 0; i < 5; i++) expect((await call("GET", `current/Me?$select=Nope${i}`)).status).toBe(400);
    const own = { loginId: world.loginId, caller: "keepalive" as const };
    // Three own errors fill the budget (5 + 3 = 8); the fourth own call is paused.
    for (let i = 0; i < 3; i++) {
      await expect(exactGetAll(own, `current/Me?$select=Own${i}`)).rejects.toMatchObject({
        code: "exact_request_failed",
      });
    }
    before = await counters();
    await expect(readCurrentMe(own)).rejects.toMatchObject({ code: "exact_paused" });
    expect(await errorsCounted()).toBe(8);
  });

  test("calls beyond those in flight wait their turn, at most EXACT_QUEUE_WAIT_MS: then 503 with Retry-After", async () => {
    process.env.EXACT_MAX_IN_FLIGHT = "2";
    process.env.EXACT_QUEUE_WAIT_MS = "300";
    await withLatency(world.sim, 800);
    const meBefore = await apiCalls("current/Me");
    const responses = await Promise.all(Array.from({ length: 6 }, () => call("GET", "current/Me")));
    before = await counters();
    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 503, 503, 503, 503]);
    const busy = responses.find((r) => r.status === 503) as Response;
    expect(busy.headers.get("retry-after")).toBe("1");
    expect((await json(busy)).error).toMatchObject({
      code: "exact_busy",
      retryAfterSeconds: 1,
      message: expect.stringContaining("this one waited 1 seconds for its turn"),
    });
    // Only the two in flight reached Exact; the waiting ones never left the portal.
    expect((await apiCalls("current/Me")) - meBefore).toBe(2);
    expect(await administrationRow(administrationId)).toMatchObject({ lastCallError: null });
  });

  test("paused by Exact's rate limit: 503 with Retry-After, until the minute resets", async () => {
    // Exact's own 60 a minute, all in one minute window of Exact's clock (more than 3 s left).
    const { now } = (await (await fetch(`${world.sim.url}/_control/clock`)).json()) as { now: number };
    await elapse(world.sim, (60_000 - (now % 60_000)) / 1000 + 1);
    for (let i = 0; i < 59; i++) expect((await call("GET", "2340001/project/TimeTransactions")).status).toBe(200);
    const last = await call("GET", "2340001/project/TimeTransactions");
    expect(last.headers.get("x-ratelimit-minutely-remaining")).toBe("0");
    before = await counters();
    const response = await call("GET", "2340001/project/TimeTransactions(guid'6a1d7f3c-1111-4c4c-9a9a-0123456789ab')");
    expect(response.status).toBe(503);
    const retryAfter = Number(response.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(3);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await json(response)).error).toMatchObject({
      code: "exact_rate_limited",
      state: "error",
      pausedBy: "rate_limit",
      message: expect.stringMatching(
        /^Exact Online accepts no more calls for now \(limit reached\)\. Try again after \d\d:\d\d\.$/,
      ),
    });
  });
});

describe("a key's scope, and the audit of its writes", () => {
  const BODY = JSON.stringify({ Item: "6a1d7f3c-1111-4c4c-9a9a-0123456789ab", Quantity: 3, Notes: "Uren Jansen" });
  const writes = () => getDb().select().from(auditEvents).where(eq(auditEvents.action, "administration.exact_write"));

  test("a read key's POST, PUT and DELETE: 403 api_key_read_only before Exact is called or the body is read", async () => {
    const readKey = (await insertApiKey(world.environmentId, "Alleen lezen", "read")).key;
    const before = await counters();
    for (const method of ["POST", "PUT", "DELETE"] as const) {
      const request = new Request(
        `http://portal.test/api/v1/administrations/${administrationId}/exact/2340001/project/TimeTransactions`,
        {
          method,
          headers: { authorization: `Bearer ${readKey}`, "content-type": "application/json" },
          body: method === "DELETE" ? undefined : BODY,
        },
      );
      const path = ["2340001", "project", "TimeTransactions"];
      const response = await { POST, PUT, DELETE }[method](request, {
        params: Promise.resolve({ id: administrationId, path }),
      });
      expect(response.status).toBe(403);
      expect((await json(response)).error).toEqual({
        code: "api_key_read_only",
        message: `This API key may only read (GET): ${method} writes in Exact and needs a key with the read-write scope. An administrator makes one in the portal (Systeem › API-sleutels).`,
        scope: "read",
      });
      expect(request.bodyUsed).toBe(false);
    }
    // The simulator saw nothing: no call, no token refresh. Nothing was written, so nothing audited.
    expect(await counters()).toEqual(before);
    expect(await writes()).toEqual([]);

    // Listings and reads pass with it.
    const listed = await call("GET", "2340001/project/TimeTransactions", { key: readKey });
    expect(listed.status).toBe(200);
    expect(await writes()).toEqual([]);
  });

  test("a read-write key's POST passes and is audited: method, path without the query, Exact's status, the key", async () => {
    const {
      key: writer,
      prefix,
      id: keyId,
    } = await insertApiKey(world.environmentId, "Facturatie schrijft", "read-write");
    const response = await call("POST", "2340001/project/TimeTransactions?klant=Bakkerij-Pietersen", {
      key: writer,
      body: BODY,
      headers: { "content-type": "application/json" },
    });
    expect(response.status).toBe(201);
    expect(await apiCalls("project/TimeTransactions")).toBe(1);

    const audited = await writes();
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({
      actorUserId: null,
      actorEmail: "api",
      entityType: "administration",
      entityId: administrationId,
      environmentId: world.environmentId,
      detail: {
        description: "ONLINE",
        caller: "Facturatie schrijft",
        prefix,
        method: "POST",
        exactPath: "2340001/project/TimeTransactions",
        exactStatus: 201,
      },
    });
    // Never a query value, a body, the key or a token.
    const text = JSON.stringify(audited);
    for (const absent of ["Pietersen", "klant", "Uren Jansen", writer, keyId]) expect(text).not.toContain(absent);
    const [loginRow] = await getDb().select().from(oauthLogins).where(eq(oauthLogins.id, world.loginId));
    expect(text).not.toContain(accessTokenColumn.open(loginRow.id, loginRow.accessTokenEnc as string));

    // Exact's refusal of a write is audited with its status too; a GET is not audited.
    const refused = await call("POST", "2340001/project/TimeTransactions", {
      key: writer,
      body: JSON.stringify({ Hours: 8 }),
      headers: { "content-type": "application/json" },
    });
    expect(refused.status).toBe(400);
    expect((await call("GET", "current/Me", { key: writer })).status).toBe(200);
    const after = await writes();
    expect(after.map((e) => [e.detail.method, e.detail.exactStatus])).toEqual([
      ["POST", 201],
      ["POST", 400],
    ]);
  });
});
