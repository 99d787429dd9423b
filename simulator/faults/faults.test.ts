import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { type ExactSimulator, startExactSimulator } from "../start-exact-simulator";
import { ExactTestClient } from "../testing/exact-test-client";

let sim: ExactSimulator;
let client: ExactTestClient;
beforeEach(async () => {
  sim = await startExactSimulator({ port: 0, stateFile: null, control: true });
  client = new ExactTestClient(sim);
});
afterEach(() => sim.close());

const fault = (spec: unknown) => client.control("fault", spec);
const counters = async () => (await client.control("counters")).json();

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("POST /_control/fault: the next matching call only", () => {
  test("status 500 on the token endpoint, once; the code is untouched", async () => {
    const code = (await client.authorize()).searchParams.get("code") ?? "";
    expect((await fault({ path: "/api/oauth2/token", fault: { status: 500 } })).status).toBe(201);
    expect((await client.exchange(code)).status).toBe(500);
    expect((await client.exchange(code)).status).toBe(200);
    const counters = await (await client.control("counters")).json();
    expect(counters.token.authorization_code).toMatchObject({ fault: 1, ok: 1 });
  });

  test("status 503 on an API path, once", async () => {
    const tokens = await client.connect();
    await fault({ method: "GET", path: "/api/v1/current/Me", fault: { status: 503 } });
    expect((await client.api("current/Me", tokens.access_token)).status).toBe(503);
    expect((await client.api("current/Me", tokens.access_token)).status).toBe(200);
  });

  test("delayMs answers normally, late", async () => {
    const tokens = await client.connect();
    await fault({ path: "/current/Me", fault: { delayMs: 400 } });
    const started = performance.now();
    const response = await client.api("current/Me", tokens.access_token);
    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(390);
  });

  test("dropAfterTokens: tokens are issued and the old refresh token dies, but the client never sees them", async () => {
    const tokens = await client.connect();
    await client.advance(570);
    await fault({ path: "/api/oauth2/token", grantType: "refresh_token", fault: { dropAfterTokens: true } });
    await expect(client.refresh(tokens.refresh_token)).rejects.toThrow();
    // The hazard: the only refresh token the client has is now an old one.
    const retry = await client.refresh(tokens.refresh_token);
    expect(retry.status).toBe(401);
    expect(await retry.json()).toEqual({ error: "unauthorized_client", error_description: "Old refresh token used." });
    // The access token in hand lives out its 600 s.
    expect((await client.api("current/Me", tokens.access_token)).status).toBe(200);
    const counters = await (await client.control("counters")).json();
    expect(counters.token.refresh_token).toMatchObject({ dropped: 1, old_refresh_token: 1 });
  });

  test("delayMs waits BEFORE the call runs: meanwhile nothing has rotated", async () => {
    const tokens = await client.connect();
    await client.advance(570);
    await fault({ path: "/api/oauth2/token", grantType: "refresh_token", fault: { delayMs: 400 } });
    const slow = client.refresh(tokens.refresh_token);
    await new Promise((r) => setTimeout(r, 100));
    // The delayed call has not reached the chain yet: the same token still refreshes.
    expect((await client.refresh(tokens.refresh_token)).status).toBe(200);
    expect((await slow).status).toBe(401);
  });

  test("delayAfterTokensMs: the refresh rotates (and is persisted) first, the answer comes late", async () => {
    const tokens = await client.connect();
    await client.advance(570);
    await fault({ path: "/api/oauth2/token", grantType: "refresh_token", fault: { delayAfterTokensMs: 600 } });
    const started = performance.now();
    let answered = false;
    const slow = client.refresh(tokens.refresh_token).then((r) => {
      answered = true;
      return r;
    });
    await waitFor(async () => (await counters()).token.refresh_token.ok === 1);
    // Rotated while the client still waits: its refresh token is already an old one.
    const reuse = await client.refresh(tokens.refresh_token);
    expect(reuse.status).toBe(401);
    expect(await reuse.json()).toEqual({ error: "unauthorized_client", error_description: "Old refresh token used." });
    expect(answered).toBe(false);
    const response = await slow;
    expect(performance.now() - started).toBeGreaterThanOrEqual(590);
    expect(response.status).toBe(200);
    const next = await response.json();
    expect((await client.api("current/Me", next.access_token)).status).toBe(200);
    await client.advance(570);
    expect((await client.refresh(next.refresh_token)).status).toBe(200);
  });

  test("close() does not wait for a delayed answer or a delay: the connections are cut", async () => {
    const own = await startExactSimulator({ port: 0, stateFile: null, control: true });
    const ownClient = new ExactTestClient(own);
    const tokens = await ownClient.connect();
    await ownClient.advance(570);
    await ownClient.control("fault", { path: "/api/oauth2/token", fault: { delayAfterTokensMs: 60_000 } });
    await ownClient.control("fault", { path: "/current/Me", fault: { delayMs: 60_000 } });
    const held = ownClient.refresh(tokens.refresh_token).catch((error: Error) => error);
    const delayed = ownClient.api("current/Me", tokens.access_token).catch((error: Error) => error);
    await waitFor(async () => (await (await ownClient.control("counters")).json()).token.refresh_token.ok === 1);
    const started = performance.now();
    await own.close();
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(await held).toBeInstanceOf(Error);
    expect(await delayed).toBeInstanceOf(Error);
  });

  test('status 401 on an API path: answered exactly as a refused token (error JSON + "WWW-Authenticate: Bearer")', async () => {
    const tokens = await client.connect();
    await fault({ path: "current/Me", fault: { status: 401 } });
    const refused = await client.api("current/Me", tokens.access_token);
    expect(refused.status).toBe(401);
    expect(refused.headers.get("www-authenticate")).toBe("Bearer");
    expect(await refused.json()).toEqual(await (await client.api("current/Me", "unknown-token")).json());
    // Once: the token itself is fine.
    expect((await client.api("current/Me", tokens.access_token)).status).toBe(200);
    // Without Accept: application/json, as XML, like every other error.
    await fault({ path: "current/Me", fault: { status: 401 } });
    const xml = await client.api("current/Me", tokens.access_token, null);
    expect(xml.status).toBe(401);
    expect(xml.headers.get("content-type")).toContain("application/xml");
  });

  test.each(["text/plain", "text/html"])(
    "badRequest (%s): 400 'Bad Request' that is not JSON; nothing rotates",
    async (type) => {
      const tokens = await client.connect();
      await client.advance(570);
      await fault({ path: "/api/oauth2/token", grantType: "refresh_token", fault: { badRequest: type } });
      const response = await client.refresh(tokens.refresh_token);
      expect(response.status).toBe(400);
      expect(response.headers.get("content-type")).toContain(type);
      const text = await response.text();
      expect(text).toContain("Bad Request");
      expect(() => JSON.parse(text)).toThrow();
      // The refresh token is still the live one.
      expect((await client.refresh(tokens.refresh_token)).status).toBe(200);
      expect((await counters()).token.refresh_token).toMatchObject({ fault: 1, ok: 1 });
    },
  );

  test.each([502, 503, 504] as const)(
    "gatewayFault %i: {fault:{faultstring,detail:{errorcode}}}; nothing rotates",
    async (status) => {
      const tokens = await client.connect();
      await client.advance(570);
      await fault({ path: "/api/oauth2/token", fault: { gatewayFault: status } });
      const response = await client.refresh(tokens.refresh_token);
      expect(response.status).toBe(status);
      expect(response.headers.get("content-type")).toContain("application/json");
      const body = await response.json();
      expect(Object.keys(body)).toEqual(["fault"]);
      expect(body.fault.faultstring).toEqual(expect.any(String));
      expect(body.fault.detail.errorcode).toMatch(/^messaging\.adaptors\.http\.flow\./);
      expect((await client.refresh(tokens.refresh_token)).status).toBe(200);
    },
  );

  test("gatewayFault takes its own faultstring and errorcode, also on API paths", async () => {
    const tokens = await client.connect();
    await fault({
      path: "/api/v1/",
      fault: { gatewayFault: 503, faultstring: "Backend down", errorcode: "policies.ratelimit.QuotaViolation" },
    });
    const response = await client.api("current/Me", tokens.access_token);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      fault: { faultstring: "Backend down", detail: { errorcode: "policies.ratelimit.QuotaViolation" } },
    });
  });

  test("grantType, method and path narrow the match", async () => {
    await fault({ path: "/api/oauth2/token", grantType: "refresh_token", fault: { status: 500 } });
    await fault({ method: "POST", path: "/api/v1/", fault: { status: 503 } });
    await fault({ path: "/be/api/oauth2/token", fault: { status: 503 } });
    // An authorization_code call, a GET to the API and a call on /nl pass all three by.
    const tokens = await client.connect();
    expect((await client.api("current/Me", tokens.access_token)).status).toBe(200);
    await client.advance(570);
    expect((await client.refresh(tokens.refresh_token)).status).toBe(500);
    const be = new ExactTestClient(sim, "BE");
    expect((await be.refresh("x")).status).toBe(503);
    expect((await be.refresh("x")).status).toBe(400);
  });

  test("an invalid fault is refused with 400", async () => {
    for (const bad of [
      { status: 418 },
      { status: 404 },
      { gatewayFault: 500 },
      { badRequest: "application/json" },
      { delayAfterTokensMs: -1 },
      { delayMs: 200, dropAfterTokens: true },
    ]) {
      expect((await fault({ path: "/x", fault: bad })).status, JSON.stringify(bad)).toBe(400);
    }
    expect((await fault({ fault: { status: 500 } })).status).toBe(400);
  });
});

describe("DELETE /_control/fault: a test takes back what it queued", () => {
  const faultState = async () => (await client.control("fault")).json();
  const release = async (path?: string) =>
    (
      await fetch(`${sim.url}/_control/fault${path ? `?path=${encodeURIComponent(path)}` : ""}`, { method: "DELETE" })
    ).json();

  test("drops the queued faults of its path and lets the calls held by them go on now; others stay", async () => {
    const tokens = await client.connect();
    const fr = new ExactTestClient(sim, "FR");
    for (let i = 0; i < 3; i++) await fault({ path: "/fr/api/oauth2/token", fault: { delayMs: 120_000 } });
    await fault({ path: "/current/Me", fault: { status: 503 } });
    // Two calls come in and wait in their faults (a minute and more, were they not released).
    const held = [fr.refresh("x"), fr.refresh("y")];
    await waitFor(async () => (await faultState()).holding === 2);
    expect(await faultState()).toEqual({ pending: 2, holding: 2 });

    expect(await release("/fr/api/oauth2/token")).toEqual({ cleared: 1, released: 2 });
    // Released, they ran as after their delay: Exact's own answer to an unknown refresh token.
    for (const answer of await Promise.all(held)) {
      expect(answer.status).toBe(400);
      expect(await answer.json()).toMatchObject({ error: "invalid_grant" });
    }
    // The other test's fault is still queued, and still works.
    expect(await faultState()).toEqual({ pending: 1, holding: 0 });
    expect((await client.api("current/Me", tokens.access_token)).status).toBe(503);
    // The next FR call is not delayed: its third fault is gone.
    expect((await fr.refresh("z")).status).toBe(400);
  });

  test("without a path: every queued fault and every held call", async () => {
    await fault({ path: "/api/oauth2/token", fault: { delayMs: 120_000 } });
    await fault({ path: "/current/Me", fault: { status: 503 } });
    await fault({ path: "/current/Me", fault: { delayMs: 120_000 } });
    const held = client.refresh("x");
    await waitFor(async () => (await faultState()).holding === 1);
    expect(await release()).toEqual({ cleared: 2, released: 1 });
    expect((await held).status).toBe(400);
    expect(await faultState()).toEqual({ pending: 0, holding: 0 });
    expect(await release()).toEqual({ cleared: 0, released: 0 });
  });
});
