import { afterEach, describe, expect, test } from "vitest";
import { startExactSimulator } from "../start-exact-simulator";
import { ExactTestClient } from "../testing/exact-test-client";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function start(control?: boolean) {
  const sim = await startExactSimulator({ port: 0, stateFile: null, control });
  closers.push(() => sim.close());
  return new ExactTestClient(sim);
}

describe("/_control", () => {
  test("every control path is 404 when control is off", async () => {
    const previous = process.env.EXACT_SIM_CONTROL;
    delete process.env.EXACT_SIM_CONTROL;
    const client = await start();
    if (previous !== undefined) process.env.EXACT_SIM_CONTROL = previous;
    const tokens = await client.connect();
    for (const [path, body] of [
      ["counters", undefined],
      ["clock", { advanceSeconds: 3600 }],
      ["fault", { path: "/", fault: { status: 500 } }],
      ["reset", {}],
      ["options", { tooEarlyVariant: "2021" }],
      ["revoke-access-tokens", {}],
      ["division-scope", { userName: "marieke.qics", divisions: [2340001] }],
    ] as const) {
      expect((await client.control(path, body)).status).toBe(404);
    }
    // Nothing happened: the clock did not move, no fault is queued, the token is not revoked,
    // no division scope.
    expect((await client.api("current/Me", tokens.access_token)).status).toBe(200);
    expect((await client.api("2340002/system/Divisions", tokens.access_token)).status).toBe(200);
  });

  test("EXACT_SIM_CONTROL=1 turns control on by default", async () => {
    const previous = process.env.EXACT_SIM_CONTROL;
    process.env.EXACT_SIM_CONTROL = "1";
    try {
      const client = await start();
      expect((await client.control("counters")).status).toBe(200);
    } finally {
      if (previous === undefined) delete process.env.EXACT_SIM_CONTROL;
      else process.env.EXACT_SIM_CONTROL = previous;
    }
  });

  test("counters: token calls by grant type and outcome, API calls by endpoint, 429s", async () => {
    const client = await start(true);
    const tokens = await client.connect();
    await client.refresh(tokens.refresh_token); // too early
    await client.api("current/Me", tokens.access_token);
    await client.api("2340001/system/Divisions", tokens.access_token);
    const counters = await (await client.control("counters")).json();
    expect(counters.token.authorization_code.ok).toBe(1);
    expect(counters.token.authorization_code.invalid_grant).toBe(0);
    expect(counters.token.refresh_token).toMatchObject({ ok: 0, too_early: 1, old_refresh_token: 0, expired: 0 });
    expect(counters.api).toEqual({ "current/Me": 1, "system/Divisions": 1 });
    expect(counters.rateLimited).toBe(0);
  });

  test("clock: GET shows it, POST advances it (forward only)", async () => {
    const client = await start(true);
    const before = await (await client.control("clock")).json();
    expect(before.offsetSeconds).toBe(0);
    const after = await (await client.control("clock", { advanceSeconds: 90 })).json();
    expect(after.offsetSeconds).toBe(90);
    expect(after.now - before.now).toBeGreaterThanOrEqual(90_000);
    expect((await client.control("clock", { advanceSeconds: -5 })).status).toBe(400);
  });

  test("reset clears tokens, sessions, counters, faults, clock and option overrides", async () => {
    const client = await start(true);
    const tokens = await client.connect();
    await client.advance(1000);
    await client.control("options", { tooEarlyVariant: "2021" });
    await client.control("fault", { path: "/api/oauth2/token", fault: { status: 503 } });
    const reset = await client.control("reset", {});
    expect(reset.status).toBe(200);
    expect((await client.control("clock").then((r) => r.json())).offsetSeconds).toBe(0);
    expect((await client.api("current/Me", tokens.access_token)).status).toBe(401);
    expect((await client.refresh(tokens.refresh_token)).status).toBe(400); // unknown now, and no 503
    expect(await (await client.get(client.authorizeUrl())).text()).toContain('name="password"');
    expect((await (await client.control("options")).json()).tooEarlyVariant).toBe("2026");
    const counters = await (await client.control("counters")).json();
    expect(counters.token.authorization_code.ok).toBe(0);
    expect(counters.token.refresh_token.invalid_grant).toBe(1);
  });

  test("GET fault: how many queued faults no call has taken yet (a delayed call is taken on arrival)", async () => {
    const client = await start(true);
    const tokens = await client.connect();
    const pending = async () => (await (await client.control("fault")).json()).pending;
    expect(await pending()).toBe(0);
    await client.control("fault", { path: "/api/oauth2/token", fault: { delayMs: 60_000 } });
    await client.control("fault", { path: "current/Me", fault: { status: 503 } });
    expect(await pending()).toBe(2);
    // The delayed refresh is still waiting, yet its fault is no longer pending.
    const slow = client.refresh(tokens.refresh_token).catch(() => null);
    const until = Date.now() + 5_000;
    while ((await pending()) !== 1 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(await pending()).toBe(1);
    expect((await client.api("current/Me", tokens.access_token)).status).toBe(503);
    expect(await pending()).toBe(0);
    await client.sim.close();
    await slow;
  });

  test("JSON in and out: bad JSON → 400, unknown control → 404", async () => {
    const client = await start(true);
    const bad = await fetch(`${client.sim.url}/_control/clock`, { method: "POST", body: "{nope" });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toBeTruthy();
    expect((await client.control("nothing-here")).status).toBe(404);
    expect((await client.control("options", { tooEarlyVariant: "1999" })).status).toBe(400);
    expect((await client.control("options", { tooEarlyReason: "medium" })).status).toBe(400);
    expect((await client.control("options", { apiCallsPerMinute: 0 })).status).toBe(400);
    expect((await client.control("options", { noSuchOption: true })).status).toBe(400);
  });

  test("options: GET shows every option, POST changes some; reset restores the fixture's", async () => {
    const client = await start(true);
    expect(await (await client.control("options")).json()).toMatchObject({
      tooEarlyVariant: "2026",
      tooEarlyReason: "short",
      apiCallsPerMinute: 60,
      apiCallsPerDay: 5000,
      tokenCallsPerDay: 200,
    });
    const changed = await (await client.control("options", { apiCallsPerMinute: 2, tooEarlyReason: "long" })).json();
    expect(changed).toMatchObject({ apiCallsPerMinute: 2, tooEarlyReason: "long", apiCallsPerDay: 5000 });
    const tokens = await client.connect();
    await client.advanceToNext(60, 1);
    expect((await client.api("current/Me", tokens.access_token)).status).toBe(200);
    expect((await client.api("current/Me", tokens.access_token)).status).toBe(200);
    expect((await client.api("current/Me", tokens.access_token)).status).toBe(429);
    await client.control("reset", {});
    expect((await (await client.control("options")).json()).apiCallsPerMinute).toBe(60);
  });
});
