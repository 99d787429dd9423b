import { describe, expect, test } from "vitest";
import { auditFilterSchema, auditPeriodSchema, isoDayOf } from "./audit-filter";

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
    ["from", "2024-3-1"],
    ["from", "1-3-24"],
    ["from", "1-3/2024"],
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

  test("a day typed as the portal writes it comes out as the URL keeps it", () => {
    expect(auditFilterSchema.parse({ from: "1-3-2024", to: "31-03-2024" })).toEqual({
      from: "2024-03-01",
      to: "2024-03-31",
      page: 1,
    });
  });
});

describe("isoDayOf", () => {
  test.each([
    ["2-7-2016", "2016-07-02"],
    ["02-07-2016", "2016-07-02"],
    ["2/7/2016", "2016-07-02"],
    ["02/07/2016", "2016-07-02"],
    ["2.7.2016", "2016-07-02"],
    [" 2-7-2016 ", "2016-07-02"],
    ["29-2-2016", "2016-02-29"],
    ["31-12-2016", "2016-12-31"],
    ["2016-07-02", "2016-07-02"],
  ])("%j is %s", (typed, iso) => {
    expect(isoDayOf(typed)).toBe(iso);
  });

  // Day first always: 7/2/2016 is 7 February, never July 2nd, whatever the browser's locale.
  test("7/2/2016 is the seventh of February", () => {
    expect(isoDayOf("7/2/2016")).toBe("2016-02-07");
  });

  test.each([
    "29-2-2015",
    "31-4-2016",
    "0-7-2016",
    "2-13-2016",
    "13/31/2016",
    "2-7-16",
    "2-7/2016",
    "2 7 2016",
    "07/02/2016 10:00",
    "2016-7-2",
    "gisteren",
    "",
  ])("%j is no day", (typed) => {
    expect(isoDayOf(typed)).toBeUndefined();
  });
});

describe("auditPeriodSchema", () => {
  test("both days, one, or none", () => {
    expect(auditPeriodSchema.parse({ from: "1-3-2024", to: "2-3-2024" })).toEqual({
      from: "2024-03-01",
      to: "2024-03-02",
    });
    expect(auditPeriodSchema.parse({ from: "", to: "2-3-2024" })).toEqual({ from: undefined, to: "2024-03-02" });
    expect(auditPeriodSchema.parse({ from: "", to: "" })).toEqual({ from: undefined, to: undefined });
    expect(auditPeriodSchema.parse({})).toEqual({});
  });

  test("one day is a period of one day", () => {
    expect(auditPeriodSchema.safeParse({ from: "2-7-2016", to: "2016-07-02" }).success).toBe(true);
  });

  test("a period that ends before it starts is refused on Tot en met", () => {
    const r = auditPeriodSchema.safeParse({ from: "5-7-2016", to: "2-7-2016" });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["to", "date_range_reversed"]]);
  });

  test("a day that is no day is refused on its own field", () => {
    const r = auditPeriodSchema.safeParse({ from: "31-2-2016", to: "7/2016" });
    expect(r.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["from", "invalid_date"],
      ["to", "invalid_date"],
    ]);
  });
});
