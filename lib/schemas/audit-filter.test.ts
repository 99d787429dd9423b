import { describe, expect, test } from "vitest";
import { auditFilterSchema } from "./audit-filter";

const USER_ID = "3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e";

describe("auditFilterSchema", () => {
  test("keeps every well-formed parameter", () => {
    expect(
      auditFilterSchema.parse({ user: USER_ID, kind: "environment", from: "2024-03-01", to: "2024-03-31", page: "3" }),
    ).toEqual({
      user: USER_ID,
      kind: "environment",
      from: "2024-03-01",
      to: "2024-03-31",
      page: 3,
    });
  });

  test("no parameters: no filter, page 1", () => {
    expect(auditFilterSchema.parse({})).toEqual({ page: 1 });
  });

  test.each([
    ["user", "not-a-uuid"],
    ["user", "'; drop table users; --"],
    ["user", [USER_ID, USER_ID]],
    ["kind", "secrets"],
    ["kind", "USER"],
    ["kind", ["user", "environment"]],
    ["from", "01-03-2024"],
    ["from", "2024-3-1"],
    ["from", "yesterday"],
    ["to", "2024-03-31T00:00:00Z"],
    ["to", ["2024-03-31"]],
  ])("junk %s=%j is dropped, not obeyed, and does not throw", (key, value) => {
    const out = auditFilterSchema.parse({ [key]: value, page: "2" });
    expect(out).not.toHaveProperty(key, expect.anything());
    expect(out.page).toBe(2);
  });

  test("unknown parameters are not passed on", () => {
    expect(auditFilterSchema.parse({ foo: "bar", page: "1" })).toEqual({ page: 1 });
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
    [["2", "3"], 1],
  ])("page %j becomes %d", (page, expected) => {
    expect(auditFilterSchema.parse({ page }).page).toBe(expected);
  });

  // A day that does not exist would roll over (2024-02-31 → 2 March): it must be dropped.
  test.each([
    ["from", "2024-02-31"],
    ["to", "2024-13-45"],
  ])("an impossible calendar day %s=%s is dropped", (key, value) => {
    expect(auditFilterSchema.parse({ [key]: value })).not.toHaveProperty(key, expect.anything());
  });
});
