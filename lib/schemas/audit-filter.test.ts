import { describe, expect, test } from "vitest";
import { auditPeriodSchema } from "./audit-filter";
import { isoDayOf } from "./calendar-day";

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
