import { describe, expect, test } from "vitest";
import { refererPath } from "./referer-path";

describe("refererPath", () => {
  test.each([
    ["http://localhost:3000/system/settings", "/system/settings"],
    ["https://koppeling.example.nl/users?tab=x&q=geheim#top", "/users"],
    ["https://koppeling.example.nl", "/"],
    [null, null],
    [undefined, null],
    ["", null],
    ["not a url", null],
    ["/relative/only", null],
  ])("%j → %j", (referer, expected) => {
    expect(refererPath(referer)).toBe(expected);
  });

  test("a long path is cut to 200 characters", () => {
    expect(refererPath(`https://x.nl/${"a".repeat(500)}`)).toHaveLength(200);
  });
});
