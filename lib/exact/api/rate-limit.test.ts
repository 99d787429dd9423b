import { describe, expect, test } from "vitest";
import { blockFrom, readRateLimits, waitPolicy } from "@/lib/exact/api/rate-limit";

const NOW = Date.parse("2026-07-15T13:00:00Z");

function headers(values: Record<string, number>): Headers {
  return new Headers(Object.entries(values).map(([k, v]) => [k, String(v)]));
}

describe("readRateLimits", () => {
  test("reads the daily and the minutely set (resets in epoch ms)", () => {
    const limits = readRateLimits(
      headers({
        "X-RateLimit-Limit": 5000,
        "X-RateLimit-Remaining": 4990,
        "X-RateLimit-Reset": NOW + 3_600_000,
        "X-RateLimit-Minutely-Limit": 60,
        "X-RateLimit-Minutely-Remaining": 59,
        "X-RateLimit-Minutely-Reset": NOW + 30_000,
      }),
    );
    expect(limits).toEqual({
      daily: { limit: 5000, remaining: 4990, reset: NOW + 3_600_000 },
      minutely: { limit: 60, remaining: 59, reset: NOW + 30_000 },
    });
  });

  test("a minutely 429 carries only the minutely set", () => {
    expect(readRateLimits(headers({ "X-RateLimit-Minutely-Remaining": 0, "X-RateLimit-Minutely-Reset": NOW }))).toEqual(
      {
        daily: null,
        minutely: { limit: null, remaining: 0, reset: NOW },
      },
    );
  });
});

describe("blockFrom", () => {
  const minutely429 = readRateLimits(
    headers({
      "X-RateLimit-Minutely-Limit": 60,
      "X-RateLimit-Minutely-Remaining": 0,
      "X-RateLimit-Minutely-Reset": NOW + 20_000,
    }),
  );
  const daily429 = readRateLimits(
    headers({ "X-RateLimit-Limit": 5000, "X-RateLimit-Remaining": 0, "X-RateLimit-Reset": NOW + 7_200_000 }),
  );

  test("a minutely 429 blocks until the minutely reset", () => {
    expect(blockFrom(429, minutely429, NOW)).toEqual({ until: NOW + 20_000, minutely: true });
  });

  test("a daily 429 blocks until the daily reset, and not as a minutely block", () => {
    expect(blockFrom(429, daily429, NOW)).toEqual({ until: NOW + 7_200_000, minutely: false });
  });

  test("a success with nothing left blocks too: the next call would only be refused", () => {
    expect(blockFrom(200, minutely429, NOW)).toEqual({ until: NOW + 20_000, minutely: true });
  });

  test("a success with calls left, or a reset already past, does not block", () => {
    const left = readRateLimits(
      headers({ "X-RateLimit-Minutely-Remaining": 3, "X-RateLimit-Minutely-Reset": NOW + 1 }),
    );
    expect(blockFrom(200, left, NOW)).toBeNull();
    expect(blockFrom(200, minutely429, NOW + 20_000)).toBeNull();
    expect(blockFrom(200, { daily: null, minutely: null }, NOW)).toBeNull();
  });

  test("a 429 without any reset header is taken as the minute window", () => {
    expect(blockFrom(429, { daily: null, minutely: null }, NOW)).toEqual({ until: NOW + 60_000, minutely: true });
  });
});

describe("waitPolicy", () => {
  test.each([
    ["a person waits at most ~3 s", { until: NOW + 2_500, minutely: true }, true, { action: "wait", ms: 2_500 }],
    ["a person is not kept waiting longer", { until: NOW + 3_500, minutely: true }, true, { action: "refuse" }],
    [
      "a background job sits out the minute",
      { until: NOW + 59_000, minutely: true },
      false,
      { action: "wait", ms: 59_000 },
    ],
    ["but not more than ~60 s", { until: NOW + 61_000, minutely: true }, false, { action: "refuse" }],
    ["and never the daily window", { until: NOW + 5_000, minutely: false }, false, { action: "refuse" }],
    ["a block that has passed lets the call go", { until: NOW - 1, minutely: false }, true, { action: "go" }],
  ])("%s", (_, block, interactive, decision) => {
    expect(waitPolicy(block, NOW, interactive)).toEqual(decision);
  });
});
