import { describe, expect, test } from "vitest";
import {
  ADDRESS_LIMIT,
  delaySeconds,
  MAX_DELAY_SECONDS,
  secondsLocked,
  THROTTLE_WINDOW_MS,
  throttleKeys,
} from "./sign-in-throttle";

describe("throttleKeys", () => {
  test("the normalised e-mail is slowed down progressively, the address has a hard limit", () => {
    expect(throttleKeys("  Ann@Example.NL ", "203.0.113.7")).toEqual([
      { key: "email:ann@example.nl", kind: "progressive" },
      { key: "address:203.0.113.7", kind: "window", limit: ADDRESS_LIMIT },
    ]);
  });

  test("an IPv6 client is one client per /64; IPv4-mapped IPv6 is its IPv4", () => {
    const key = (address: string) => throttleKeys("ann@example.nl", address)[1].key;
    expect(key("2001:db8:1:2::5")).toBe("address:2001:db8:1:2::/64");
    expect(key("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).toBe(key("2001:db8:1:2::5"));
    expect(key("2001:db8:1:3::5")).not.toBe(key("2001:db8:1:2::5"));
    expect(key("::ffff:203.0.113.7")).toBe("address:203.0.113.7");
    expect(key("203.0.113.7")).toBe("address:203.0.113.7");
  });

  test("without an address only the e-mail is counted", () => {
    expect(throttleKeys("ann@example.nl", null)).toEqual([{ key: "email:ann@example.nl", kind: "progressive" }]);
  });

  test("the same person in another spelling shares the e-mail key", () => {
    expect(throttleKeys("ANN@example.nl", null)[0].key).toBe(throttleKeys("ann@EXAMPLE.nl", null)[0].key);
  });

  test("20 failures per address within 15 minutes", () => {
    expect(ADDRESS_LIMIT).toBe(20);
    expect(THROTTLE_WINDOW_MS).toBe(15 * 60 * 1000);
  });
});

describe("delaySeconds", () => {
  test("three failures are free, then the wait doubles up to a minute, never a lock", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 50].map(delaySeconds)).toEqual([0, 0, 0, 2, 4, 8, 16, 32, 60, 60]);
    expect(MAX_DELAY_SECONDS).toBe(60);
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
