import { describe, expect, test } from "vitest";
import { parseDuration } from "./parse-duration";

describe("parseDuration", () => {
  test.each([
    ["1d", 86_400_000],
    ["6h", 21_600_000],
    ["10m", 600_000],
    ["30s", 30_000],
    ["1.5h", 5_400_000],
    ["250", 250],
    [" 2D ", 172_800_000],
  ])("%s", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  test.each(["", "d", "1 week", "-1d", "1y", "abc"])("refuses %j with the example", (text) => {
    expect(() => parseDuration(text)).toThrow(/use e\.g\. 1d, 6h, 10m/);
  });
});
