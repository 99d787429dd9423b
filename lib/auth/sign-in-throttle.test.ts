import { describe, expect, test } from "vitest";
import { LIMITS, secondsLocked, THROTTLE_WINDOW_MS, throttleKeys } from "./sign-in-throttle";

describe("throttleKeys", () => {
  test("one key for the normalised e-mail and one for the address, each with its limit", () => {
    expect(throttleKeys("  Ann@Example.NL ", "203.0.113.7")).toEqual([
      { key: "email:ann@example.nl", limit: LIMITS.email },
      { key: "address:203.0.113.7", limit: LIMITS.address },
    ]);
  });

  test("without an address only the e-mail is counted", () => {
    expect(throttleKeys("ann@example.nl", null)).toEqual([{ key: "email:ann@example.nl", limit: LIMITS.email }]);
  });

  test("the same person in another spelling shares the e-mail key", () => {
    expect(throttleKeys("ANN@example.nl", null)[0].key).toBe(throttleKeys("ann@EXAMPLE.nl", null)[0].key);
  });

  test("the limits are 5 per e-mail and 20 per address within 15 minutes", () => {
    expect(LIMITS).toEqual({ email: 5, address: 20 });
    expect(THROTTLE_WINDOW_MS).toBe(15 * 60 * 1000);
  });
});

describe("secondsLocked", () => {
  const now = new Date("2024-05-01T12:00:00Z");
  const ago = (ms: number) => new Date(now.getTime() - ms);

  test.each([
    ["no failures recorded", undefined, 0],
    ["below the limit", { failures: 4, windowStartedAt: ago(60_000) }, 0],
    ["at the limit, window started 1 minute ago", { failures: 5, windowStartedAt: ago(60_000) }, 14 * 60],
    ["over the limit, window started just now", { failures: 9, windowStartedAt: now }, 15 * 60],
    ["at the limit, 1.5 s of the window left", { failures: 5, windowStartedAt: ago(THROTTLE_WINDOW_MS - 1500) }, 2],
    ["at the limit, window ends exactly now", { failures: 5, windowStartedAt: ago(THROTTLE_WINDOW_MS) }, 0],
    ["at the limit, window long over", { failures: 50, windowStartedAt: ago(THROTTLE_WINDOW_MS + 1) }, 0],
  ])("%s → %d s", (_name, row, expected) => {
    expect(secondsLocked(row, 5, now)).toBe(expected);
  });

  test("the limit passed in is the one applied", () => {
    const row = { failures: 5, windowStartedAt: now };
    expect(secondsLocked(row, 5, now)).toBeGreaterThan(0);
    expect(secondsLocked(row, 6, now)).toBe(0);
  });
});
