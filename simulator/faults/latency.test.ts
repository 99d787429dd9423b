import { afterEach, describe, expect, test } from "vitest";
import { type ExactSimulator, type ExactSimulatorOptions, startExactSimulator } from "../start-exact-simulator";
import { ExactTestClient } from "../testing/exact-test-client";
import { parseLatency } from "./parse-latency";

// The latency option exists so a race between two callers is as wide here as against real
// Exact. These tests prove the lower bound (no answer comes sooner than `min`) and that the
// waits differ; they never assert how long a call may take at most, which a loaded machine
// would break.

const sims: ExactSimulator[] = [];
afterEach(async () => {
  for (const sim of sims.splice(0)) await sim.close();
});

async function start(options: ExactSimulatorOptions = {}) {
  const sim = await startExactSimulator({ port: 0, stateFile: null, control: true, ...options });
  sims.push(sim);
  return new ExactTestClient(sim);
}

/** How long the call took, seen from the client (connection, request, answer and body). */
async function timed(call: () => Promise<Response>): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const response = await call();
  await response.arrayBuffer();
  return { status: response.status, ms: performance.now() - started };
}

// A timer may fire up to a millisecond before performance.now() says it is due (libuv keeps
// whole milliseconds); one such millisecond per wait (two waits a call) is not an early answer.
const TIMER_SLACK_MS = 2;

describe("latencyMs: a random wait on every OAuth and REST call", () => {
  test("no OAuth or REST answer comes sooner than min, and the waits differ", async () => {
    const client = await start();
    const tokens = await client.connect();
    const set = await (await client.control("options", { latencyMs: { min: 100, max: 300 } })).json();
    expect(set.latencyMs).toEqual({ min: 100, max: 300 });

    const calls = await Promise.all([
      ...Array.from({ length: 10 }, () => timed(() => client.api("current/Me", tokens.access_token))),
      // A refresh 0 s after the exchange: too early, answered (400) after the same wait.
      timed(() => client.refresh(tokens.refresh_token)),
      // The authorize page: every OAuth path, not only the token endpoint.
      timed(() => client.get(client.authorizeUrl())),
      // An unknown REST resource: errors wait too.
      timed(() => client.api("2340001/no/Such", tokens.access_token)),
    ]);
    expect(calls.map((c) => c.status)).toEqual([...Array(10).fill(200), 400, 200, 404]);
    for (const call of calls) expect(call.ms).toBeGreaterThanOrEqual(100 - TIMER_SLACK_MS);
    // 13 draws from 200 ms of range: all within 20 ms of each other has a chance below 1e-10.
    const spread = Math.max(...calls.map((c) => c.ms)) - Math.min(...calls.map((c) => c.ms));
    expect(spread).toBeGreaterThanOrEqual(20);
  });

  test("/_control is never delayed: it answers while an OAuth call still waits its latency", async () => {
    const client = await start({ latencyMs: { min: 60_000, max: 60_000 } });
    let tokenAnswered = false;
    const token = client.refresh("anything").then(
      () => {
        tokenAnswered = true;
      },
      // close() below cuts the waiting call: its connection is destroyed.
      () => {},
    );
    // The control answers arrive while the token call has not been answered.
    expect((await client.control("counters")).status).toBe(200);
    expect((await client.control("options")).status).toBe(200);
    expect((await client.control("fault", { path: "/current/Me", fault: { status: 503 } })).status).toBe(201);
    expect(tokenAnswered).toBe(false);
    // close() never waits for the latency either (else this test would take a minute).
    await sims.splice(0)[0].close();
    await token;
    expect(tokenAnswered).toBe(false);
  });

  test("a delayAfterTokensMs fault adds to the latency: the refresh rotated, the answer waits for both", async () => {
    const client = await start();
    const tokens = await client.connect();
    await client.advance(570);
    await client.control("options", { latencyMs: { min: 100, max: 100 } });
    await client.control("fault", {
      path: "/api/oauth2/token",
      grantType: "refresh_token",
      fault: { delayAfterTokensMs: 200 },
    });
    const call = await timed(() => client.refresh(tokens.refresh_token));
    expect(call.status).toBe(200);
    expect(call.ms).toBeGreaterThanOrEqual(300 - TIMER_SLACK_MS);
  });

  test("default none; null turns it off; reset brings back the start value; bad ranges are refused", async () => {
    const plain = await start();
    expect((await (await plain.control("options")).json()).latencyMs).toBeNull();

    const client = await start({ latencyMs: { min: 20, max: 200 } });
    expect((await (await client.control("options")).json()).latencyMs).toEqual({ min: 20, max: 200 });
    expect((await (await client.control("options", { latencyMs: null })).json()).latencyMs).toBeNull();
    await client.control("reset", {});
    expect((await (await client.control("options")).json()).latencyMs).toEqual({ min: 20, max: 200 });

    for (const bad of [{ min: 200, max: 20 }, { min: -1, max: 20 }, { min: 20 }, { min: 1, max: 200_000 }, 50]) {
      expect((await client.control("options", { latencyMs: bad })).status).toBe(400);
    }
    expect((await (await client.control("options")).json()).latencyMs).toEqual({ min: 20, max: 200 });
  });

  test("EXACT_SIM_LATENCY_MS sets the start value; a typo stops the start instead of running without", async () => {
    const previous = process.env.EXACT_SIM_LATENCY_MS;
    try {
      process.env.EXACT_SIM_LATENCY_MS = "20-200";
      const client = await start();
      expect((await (await client.control("options")).json()).latencyMs).toEqual({ min: 20, max: 200 });
      process.env.EXACT_SIM_LATENCY_MS = "20..200";
      await expect(start()).rejects.toThrow(/EXACT_SIM_LATENCY_MS/);
    } finally {
      if (previous === undefined) delete process.env.EXACT_SIM_LATENCY_MS;
      else process.env.EXACT_SIM_LATENCY_MS = previous;
    }
  });
});

describe("parseLatency", () => {
  test("a range, one value, or nothing", () => {
    expect(parseLatency("20-200")).toEqual({ min: 20, max: 200 });
    expect(parseLatency(" 20 - 200 ")).toEqual({ min: 20, max: 200 });
    expect(parseLatency("50")).toEqual({ min: 50, max: 50 });
    expect(parseLatency("")).toBeNull();
    expect(parseLatency(undefined)).toBeNull();
  });

  test("refuses what is not a range in milliseconds", () => {
    for (const bad of ["200-20", "20ms", "-5", "1.5", "20-", "a-b", "999999"]) {
      expect(() => parseLatency(bad)).toThrow(/EXACT_SIM_LATENCY_MS/);
    }
  });
});
