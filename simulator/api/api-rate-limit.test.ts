import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { DEFAULT_FIXTURE, type ExactSimulator, startExactSimulator } from "../start-exact-simulator";
import { ExactTestClient } from "../testing/exact-test-client";

let sim: ExactSimulator;
let client: ExactTestClient;
let token: string;
beforeEach(async () => {
  sim = await startExactSimulator({ port: 0, stateFile: null, control: true });
  client = new ExactTestClient(sim);
  token = (await client.connect()).access_token;
});
afterEach(() => sim.close());

const DAILY = ["x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"];
const MINUTELY = ["x-ratelimit-minutely-limit", "x-ratelimit-minutely-remaining", "x-ratelimit-minutely-reset"];

describe("API rate limits (60 a minute, 5000 a day, per app per division; windows on the clock)", () => {
  test("every answer carries the daily and minutely headers; resets are epoch milliseconds", async () => {
    const response = await client.api("2340001/system/Divisions", token);
    const now = (await (await client.control("clock")).json()).now as number;
    expect(response.headers.get("x-ratelimit-limit")).toBe("5000");
    expect(response.headers.get("x-ratelimit-remaining")).toBe("4999");
    expect(response.headers.get("x-ratelimit-minutely-limit")).toBe("60");
    expect(response.headers.get("x-ratelimit-minutely-remaining")).toBe("59");
    const minuteReset = Number(response.headers.get("x-ratelimit-minutely-reset"));
    const dayReset = Number(response.headers.get("x-ratelimit-reset"));
    // The next whole minute and the next 00:00 UTC, as epoch milliseconds.
    expect(minuteReset % 60_000).toBe(0);
    expect(minuteReset).toBeGreaterThan(now - 1_000);
    expect(minuteReset).toBeLessThanOrEqual(now + 60_000);
    expect(dayReset % 86_400_000).toBe(0);
    expect(new Date(dayReset).toISOString()).toMatch(/T00:00:00\.000Z$/);
    expect(dayReset).toBeGreaterThan(now - 1_000);
    expect(dayReset).toBeLessThanOrEqual(now + 86_400_000);
    // A 403 for a division the user cannot open is still an API answer with the headers.
    const forbidden = await client.api("2340007/system/Divisions", token);
    expect(forbidden.status).toBe(403);
    for (const header of [...DAILY, ...MINUTELY]) expect(forbidden.headers.get(header)).not.toBeNull();
  });

  test("the minute window ends on the whole minute, not 60 s after its first call", async () => {
    const start = await client.advanceToNext(60, 30); // hh:mm:30
    for (let i = 1; i <= 60; i++) expect((await client.api("2340001/system/Divisions", token)).status).toBe(200);
    const limited = await client.api("2340001/system/Divisions", token);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("x-ratelimit-minutely-reset"))).toBe(start + 30_000);
    await client.advance(29);
    // Still the same minute (real time passed too, but less than a second).
    expect((await client.api("2340001/system/Divisions", token)).status).toBe(429);
    await client.advance(1);
    const again = await client.api("2340001/system/Divisions", token);
    expect(again.status).toBe(200);
    expect(again.headers.get("x-ratelimit-minutely-remaining")).toBe("59");
    expect(Number(again.headers.get("x-ratelimit-minutely-reset"))).toBe(start + 90_000);
  });

  test("the day window ends at 00:00 UTC", async () => {
    const midnight = (await client.advanceToNext(86_400, 86_400 - 90)) + 90_000; // 23:58:30 UTC
    const access = (await client.connect()).access_token;
    const late = await client.api("2340001/system/Divisions", access);
    expect(late.headers.get("x-ratelimit-remaining")).toBe("4999");
    expect(Number(late.headers.get("x-ratelimit-reset"))).toBe(midnight);
    await client.api("2340001/system/Divisions", access);
    await client.advance(90); // 00:00:00 UTC
    const next = await client.api("2340001/system/Divisions", access);
    expect(next.headers.get("x-ratelimit-remaining")).toBe("4999");
    expect(Number(next.headers.get("x-ratelimit-reset"))).toBe(midnight + 86_400_000);
  });

  test("call 61 within a minute → 429 with only the minutely headers; a minute later it works again", async () => {
    // 01:00:01 UTC: all 61 calls in one clock minute, and the minute after still the same UTC day
    // (run a minute before midnight, the day's count would otherwise start again).
    await client.advanceToNext(86_400, 3_600 + 1);
    token = (await client.connect()).access_token; // the one from before the hours went by has expired
    for (let i = 1; i <= 60; i++) {
      const ok = await client.api("2340001/system/Divisions", token);
      expect(ok.status).toBe(200);
      expect(ok.headers.get("x-ratelimit-minutely-remaining")).toBe(String(60 - i));
    }
    const limited = await client.api("2340001/system/Divisions", token);
    expect(limited.status).toBe(429);
    for (const header of MINUTELY) expect(limited.headers.get(header)).not.toBeNull();
    for (const header of DAILY) expect(limited.headers.get(header)).toBeNull();
    expect(limited.headers.get("x-ratelimit-minutely-remaining")).toBe("0");
    expect((await limited.json()).error.message.value).toContain("rate limit");

    // Per division: another division of the same app is not limited.
    expect((await client.api("2340002/system/Divisions", token)).status).toBe(200);
    // current/Me counts per app + user, not per division.
    expect((await client.api("current/Me", token)).status).toBe(200);

    await client.advance(60);
    const again = await client.api("2340001/system/Divisions", token);
    expect(again.status).toBe(200);
    expect(again.headers.get("x-ratelimit-remaining")).toBe(String(5000 - 61));
    const counters = await (await client.control("counters")).json();
    expect(counters.rateLimited).toBe(1);
  });

  test("past the daily limit → 429 with only the daily headers, until the day window ends", async () => {
    // The daily logic with a small limit from the fixture options (5000 real calls take ~15 s on
    // a busy machine); the default of 5000 is asserted through the headers above.
    const dir = mkdtempSync(path.join(tmpdir(), "exact-sim-"));
    const fixture = JSON.parse(readFileSync(DEFAULT_FIXTURE, "utf8"));
    fixture.options = { ...fixture.options, apiCallsPerDay: 130 };
    writeFileSync(path.join(dir, "fixture.json"), JSON.stringify(fixture));
    const small = await startExactSimulator({
      port: 0,
      stateFile: null,
      control: true,
      fixturePath: path.join(dir, "fixture.json"),
    });
    try {
      const own = new ExactTestClient(small);
      await own.advanceToNext(86_400, 1); // 00:00:01 UTC: the whole test within one UTC day
      const access = (await own.connect()).access_token;
      for (let i = 1; i <= 130; i++) {
        if (i % 60 === 1 && i > 1) await own.advance(60);
        const ok = await own.api("2340001/system/Divisions?$select=Code", access);
        expect(ok.status).toBe(200);
        expect(ok.headers.get("x-ratelimit-remaining")).toBe(String(130 - i));
      }
      await own.advance(60);
      const limited = await own.api("2340001/system/Divisions", access);
      expect(limited.status).toBe(429);
      expect(limited.headers.get("x-ratelimit-limit")).toBe("130");
      expect(limited.headers.get("x-ratelimit-remaining")).toBe("0");
      for (const header of MINUTELY) expect(limited.headers.get(header)).toBeNull();
      // Another division of the same app still has its own day.
      expect((await own.api("2340002/system/Divisions", access)).status).toBe(200);
      await own.advance(24 * 3600);
      const fresh = (await own.connect()).access_token;
      expect((await own.api("2340001/system/Divisions", fresh)).status).toBe(200);
    } finally {
      await small.close();
    }
  });
});
