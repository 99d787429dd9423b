import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { type ExactSimulator, startExactSimulator } from "./start-exact-simulator";
import { ExactTestClient } from "./testing/exact-test-client";

let sim: ExactSimulator;
let client: ExactTestClient;
beforeEach(async () => {
  sim = await startExactSimulator({ port: 0, stateFile: null, control: true });
  client = new ExactTestClient(sim);
});
afterEach(() => sim.close());

const fault = (spec: unknown) => client.control("fault", spec);

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
    expect((await fault({ path: "/x", fault: { status: 418 } })).status).toBe(400);
    expect((await fault({ fault: { status: 500 } })).status).toBe(400);
  });
});
