import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { type ExactSimulator, startExactSimulator } from "../start-exact-simulator";
import { ExactTestClient, type TokenPair } from "../testing/exact-test-client";

let sim: ExactSimulator;
let client: ExactTestClient;
beforeEach(async () => {
  sim = await startExactSimulator({ port: 0, stateFile: null, control: true });
  client = new ExactTestClient(sim);
});
afterEach(() => sim.close());

const me = (token: string) => client.api("current/Me", token);

describe("POST /api/oauth2/token, grant_type=refresh_token", () => {
  test("rotation: after 570 s a refresh returns a new access token (600 s) and a new refresh token", async () => {
    const first = await client.connect();
    await client.advance(570);
    const response = await client.refresh(first.refresh_token);
    expect(response.status).toBe(200);
    const second = (await response.json()) as TokenPair;
    expect(second.expires_in).toBe("600");
    expect(second.token_type).toBe("bearer");
    expect(second.access_token).not.toBe(first.access_token);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect((await me(second.access_token)).status).toBe(200);
    // And the chain goes on with the new refresh token.
    await client.advance(570);
    expect((await client.refresh(second.refresh_token)).status).toBe(200);
  });

  test("the old refresh token dies: reuse → 401 unauthorized_client 'Old refresh token used.'", async () => {
    const first = await client.connect();
    await client.advance(600);
    const second = (await (await client.refresh(first.refresh_token)).json()) as TokenPair;
    const reuse = await client.refresh(first.refresh_token);
    expect(reuse.status).toBe(401);
    expect(await reuse.json()).toEqual({ error: "unauthorized_client", error_description: "Old refresh token used." });
    // The chain's current tokens are untouched by the failed reuse.
    expect((await me(second.access_token)).status).toBe(200);
    await client.advance(600);
    expect((await client.refresh(second.refresh_token)).status).toBe(200);
  });

  test("two processes refreshing with the same token: one wins, the other gets 'Old refresh token used.'", async () => {
    const first = await client.connect();
    await client.advance(600);
    const [a, b] = await Promise.all([client.refresh(first.refresh_token), client.refresh(first.refresh_token)]);
    expect([a.status, b.status].sort()).toEqual([200, 401]);
  });

  test("an unknown refresh token → 400 invalid_grant", async () => {
    const response = await client.refresh("never-issued");
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "invalid_grant" });
  });

  test("too early (2026): 400 access_denied + Reason: TooEarlyToRefreshTokens; the tokens in hand stay valid", async () => {
    const first = await client.connect();
    // 560 s, not 569: real time passes between the calls too.
    await client.advance(560);
    const response = await client.refresh(first.refresh_token);
    expect(response.status).toBe(400);
    expect(response.headers.get("reason")).toBe("TooEarlyToRefreshTokens");
    expect(await response.json()).toEqual({
      error: "access_denied",
      error_description: "Rate limit exceeded: access_token not expired",
    });
    expect((await me(first.access_token)).status).toBe(200);
    await client.advance(10);
    expect((await client.refresh(first.refresh_token)).status).toBe(200);
  });

  test('too early with option tooEarlyReason "long": Reason is "TooEarlyToRefreshTokens: Rate limit exceeded: …"', async () => {
    const options = await (await client.control("options", { tooEarlyReason: "long" })).json();
    expect(options).toMatchObject({ tooEarlyVariant: "2026", tooEarlyReason: "long" });
    const first = await client.connect();
    const response = await client.refresh(first.refresh_token);
    expect(response.status).toBe(400);
    expect(response.headers.get("reason")).toBe(
      "TooEarlyToRefreshTokens: Rate limit exceeded: access_token not expired",
    );
    expect(await response.json()).toEqual({
      error: "access_denied",
      error_description: "Rate limit exceeded: access_token not expired",
    });
    // Back to the bare header.
    await client.control("options", { tooEarlyReason: "short" });
    expect((await client.refresh(first.refresh_token)).headers.get("reason")).toBe("TooEarlyToRefreshTokens");
  });

  test("too early counts from the last access token of the chain, also after a refresh", async () => {
    const first = await client.connect();
    await client.advance(570);
    const second = (await (await client.refresh(first.refresh_token)).json()) as TokenPair;
    await client.advance(300);
    const early = await client.refresh(second.refresh_token);
    expect(early.status).toBe(400);
    expect(early.headers.get("reason")).toBe("TooEarlyToRefreshTokens");
  });

  test("too early (2021 variant, switched by the control API): 401 'Access Token not expired'", async () => {
    const options = await client.control("options", { tooEarlyVariant: "2021" });
    expect((await options.json()).tooEarlyVariant).toBe("2021");
    const first = await client.connect();
    const response = await client.refresh(first.refresh_token);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: "access_denied", error_description: "Access Token not expired" });
    expect(response.headers.get("reason")).toBeNull();
    expect((await me(first.access_token)).status).toBe(200);
    await client.advance(570);
    expect((await client.refresh(first.refresh_token)).status).toBe(200);
  });

  test("a refresh token unused for 30 days → 400 invalid_request 'The refresh token expired at …'", async () => {
    const first = await client.connect();
    await client.advance(30 * 24 * 3600 + 1);
    const response = await client.refresh(first.refresh_token);
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error).toBe("invalid_request");
    expect(body.error_description).toMatch(/^The refresh token expired at \d{4}-\d{2}-\d{2}T/);
  });

  test("a refresh token used within 30 days keeps the login alive for another 30", async () => {
    const first = await client.connect();
    await client.advance(29 * 24 * 3600);
    const second = (await (await client.refresh(first.refresh_token)).json()) as TokenPair;
    await client.advance(29 * 24 * 3600);
    expect((await client.refresh(second.refresh_token)).status).toBe(200);
  });

  test("an access token expires after 600 s: the API answers 401", async () => {
    const first = await client.connect();
    await client.advance(590);
    expect((await me(first.access_token)).status).toBe(200);
    await client.advance(10);
    expect((await me(first.access_token)).status).toBe(401);
  });

  test("a refresh token of the NL app does not work with another app → 400 invalid_grant", async () => {
    const first = await client.connect();
    await client.advance(600);
    const other = sim.apps.find((a) => a.site === "NL" && a.clientId !== client.app.clientId);
    if (!other) throw new Error("fixture needs a second NL app");
    const response = await new ExactTestClient(sim, "NL", other).refresh(first.refresh_token);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "invalid_grant" });
  });
});

describe("200 token calls per app, per user, per day", () => {
  test("call 201 → 429; another user is not affected; a day later it works again", async () => {
    await client.advanceToNext(86_400, 1); // 00:00:01 UTC: all 201 calls in one UTC day
    const first = await client.connect(); // call 1
    for (let i = 2; i <= 200; i++) {
      const early = await client.refresh(first.refresh_token); // too early, but still a call
      expect(early.status).toBe(400);
    }
    const limited = await client.refresh(first.refresh_token);
    expect(limited.status).toBe(429);
    const body = await limited.json();
    expect(body.error).toBe("access_denied");
    expect(body.error_description).toContain("200 token requests per app, per user, per day");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    // Even a good code exchange for the same user is refused now.
    const location = await client.authorize();
    expect((await client.exchange(location.searchParams.get("code") ?? "")).status).toBe(429);

    const other = new ExactTestClient(sim);
    expect((await other.connect({ userName: "sanne.bakery", password: "Bakery-Exact-1" })).access_token).toBeTruthy();

    await client.advance(24 * 3600);
    expect((await client.refresh(first.refresh_token)).status).toBe(200);
    const counters = await (await client.control("counters")).json();
    expect(counters.token.refresh_token.rate_limited).toBe(1);
    expect(counters.token.authorization_code.rate_limited).toBe(1);
    expect(counters.token.refresh_token.too_early).toBe(199);
  });
});
