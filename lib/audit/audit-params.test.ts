import { describe, expect, test } from "vitest";
import { loadAuditParams } from "./audit-params";

const USER_ID = "3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e";
const NONE = { user: null, kind: null, from: null, to: null, page: 1 };

describe("loadAuditParams", () => {
  test("keeps every well-formed parameter", () => {
    expect(
      loadAuditParams({ user: USER_ID, kind: "environment", from: "2024-03-01", to: "2024-03-31", page: "3" }),
    ).toEqual({ user: USER_ID, kind: "environment", from: "2024-03-01", to: "2024-03-31", page: 3 });
  });

  test("reads a URL's query as the page does", () => {
    expect(loadAuditParams(new URLSearchParams(`user=${USER_ID}&kind=division&page=2`))).toEqual({
      ...NONE,
      user: USER_ID,
      kind: "division",
      page: 2,
    });
  });

  test("no parameters: no filter, page 1", () => {
    expect(loadAuditParams({})).toEqual(NONE);
  });

  test.each([
    ["user", "not-a-uuid"],
    ["user", "'; drop table users; --"],
    ["kind", "secrets"],
    ["kind", "USER"],
    ["from", "01-03-2024"],
    ["from", "2024-3-1"],
    ["from", "yesterday"],
    ["to", "2024-03-31T00:00:00Z"],
  ])("junk %s=%j is dropped, not obeyed, and does not throw", (key, value) => {
    const out = loadAuditParams({ [key]: value, page: "2" });
    expect(out).toEqual({ ...NONE, page: 2 });
  });

  test("a repeated parameter counts once, and is checked like any other", () => {
    expect(loadAuditParams({ user: [USER_ID, "junk"], kind: ["secrets", "user"] })).toEqual({
      ...NONE,
      user: USER_ID,
    });
  });

  test("unknown parameters are not passed on", () => {
    expect(loadAuditParams({ foo: "bar", page: "1" })).toEqual(NONE);
  });

  test.each([
    ["7", 7],
    [" 7 ", 7],
    ["100000", 100000],
    [undefined, 1],
    ["", 1],
    ["0", 1],
    ["-3", 1],
    ["2.5", 1],
    ["abc", 1],
    ["100001", 1],
  ])("page %j becomes %d", (page, expected) => {
    expect(loadAuditParams({ page }).page).toBe(expected);
  });

  // A day that does not exist would roll over (2024-02-31 → 2 March): it must be dropped.
  test.each([
    ["from", "2024-02-31"],
    ["to", "2024-13-45"],
  ])("an impossible calendar day %s=%s is dropped", (key, value) => {
    expect(loadAuditParams({ [key]: value })).toEqual(NONE);
  });
});
