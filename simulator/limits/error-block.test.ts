import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { type ExactSimulator, startExactSimulator } from "../start-exact-simulator";
import { ExactTestClient, type TokenPair } from "../testing/exact-test-client";

let sim: ExactSimulator;
let client: ExactTestClient;
let hourEnd: number;
beforeEach(async () => {
  sim = await startExactSimulator({ port: 0, stateFile: null, control: true });
  client = new ExactTestClient(sim);
  // Every test runs in one clock hour: one second past a whole hour.
  hourEnd = (await client.advanceToNext(3600, 1)) - 1000 + 3600_000;
});
afterEach(() => sim.close());

const JAN = { userName: "jan.qics", password: "Qics-Jan-2019" };
const counters = async () => (await client.control("counters")).json();
const times = async (n: number, call: () => Promise<Response>, status: number) => {
  for (let i = 0; i < n; i++) expect((await call()).status).toBe(status);
};

describe("10 errors per app, user, division, endpoint and hour block that key until the hour ends", () => {
  test("REST: after ten 400s even a good call to the same endpoint and division is blocked (429)", async () => {
    const token = (await client.connect()).access_token;
    await times(10, () => client.api("2340001/system/Divisions?$select=Nope", token), 400);
    const blocked = await client.api("2340001/system/Divisions", token);
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get("x-ratelimit-minutely-remaining")).toBeNull();
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(3500);
    const body = await blocked.json();
    expect(body.error.message.value).toMatch(/^Too many errors/);
    expect(body.error.message.value).toContain(new Date(hourEnd).toISOString());

    // Another endpoint, another division, current/Me, another user: not blocked.
    expect((await client.api("2340001/system/AllDivisions", token)).status).toBe(200);
    expect((await client.api("2340002/system/Divisions", token)).status).toBe(200);
    expect((await client.api("current/Me", token)).status).toBe(200);
    const jan = (await new ExactTestClient(sim).connect(JAN)).access_token;
    expect((await client.api("2340001/system/Divisions", jan)).status).toBe(200);
    expect((await counters()).errorBlocked).toBe(1);

    // The next hour the key is free again.
    await client.advance(3600);
    const fresh = (await client.connect()).access_token;
    expect((await client.api("2340001/system/Divisions", fresh)).status).toBe(200);
  });

  test("nine errors do not block; 403s and 404s count as well", async () => {
    const token = (await client.connect()).access_token;
    await times(9, () => client.api("2340007/system/Divisions", token), 403);
    expect((await client.api("2340007/system/Divisions", token)).status).toBe(403); // the tenth
    expect((await client.api("2340007/system/Divisions", token)).status).toBe(429);
    await times(10, () => client.api("2340001/crm/Accounts", token), 404);
    expect((await client.api("2340001/crm/Accounts", token)).status).toBe(429);
    // 2340001's system/Divisions is another endpoint.
    expect((await client.api("2340001/system/Divisions", token)).status).toBe(200);
  });

  test("401s of an expired token count; 401s of a token Exact never issued cannot be counted", async () => {
    const old = (await client.connect()).access_token;
    await times(20, () => client.api("current/Me", "never-issued"), 401);
    await client.advance(600);
    await times(10, () => client.api("current/Me", old), 401);
    const fresh = (await client.connect()).access_token;
    expect((await client.api("current/Me", fresh)).status).toBe(429);
  });

  test("rate-limit 429s are no errors", async () => {
    await client.control("options", { apiCallsPerMinute: 1 });
    const token = (await client.connect()).access_token;
    await times(1, () => client.api("current/Me", token), 200);
    await times(12, () => client.api("current/Me", token), 429);
    expect((await counters()).errorBlocked).toBe(0);
    await client.advance(60);
    expect((await client.api("current/Me", token)).status).toBe(200);
  });

  test("option errorsPerHour 0 turns the block off", async () => {
    expect((await (await client.control("options", { errorsPerHour: 0 })).json()).errorsPerHour).toBe(0);
    const token = (await client.connect()).access_token;
    await times(15, () => client.api("2340001/system/Divisions?$top=x", token), 400);
    expect((await client.api("2340001/system/Divisions", token)).status).toBe(200);
    expect((await client.control("options", { errorsPerHour: -1 })).status).toBe(400);
  });

  test("token endpoint: ten refusals for one app and user block even a good refresh; 'too early' is not counted", async () => {
    const first = await client.connect();
    await times(15, () => client.refresh(first.refresh_token), 400); // too early
    await client.advance(570);
    const second = (await (await client.refresh(first.refresh_token)).json()) as TokenPair;
    await times(10, () => client.refresh(first.refresh_token), 401); // Old refresh token used.
    await client.advance(570);
    const blocked = await client.refresh(second.refresh_token);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    const body = await blocked.json();
    expect(body.error).toBe("access_denied");
    expect(body.error_description).toMatch(/^Too many errors/);
    // Nothing rotated: after the hour the same refresh token still works.
    const counted = await counters();
    expect(counted.token.refresh_token).toMatchObject({ blocked: 1, old_refresh_token: 10, too_early: 15 });
    expect(counted.errorBlocked).toBe(1);
    // Another user of the same app is not blocked.
    expect((await new ExactTestClient(sim).connect(JAN)).access_token).toBeTruthy();
    await client.advanceToNext(3600, 1);
    expect((await client.refresh(second.refresh_token)).status).toBe(200);
  });
});
