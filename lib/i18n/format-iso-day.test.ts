import { describe, expect, test } from "vitest";
import { isoDayOf } from "@/lib/schemas/calendar-day";
import { formatIsoDay } from "./format-iso-day";

describe("formatIsoDay", () => {
  test.each([
    ["2016-07-02", "nl", "2-7-2016"],
    ["2016-07-02", "en", "02/07/2016"],
    ["2016-12-31", "nl", "31-12-2016"],
    ["2016-01-01", "nl", "1-1-2016"],
    ["2024-03-31", "nl", "31-3-2024"], // the night the clocks go forward
    ["2024-10-27", "en", "27/10/2024"], // the night they go back
  ] as const)("%s in %s → %s", (day, locale, expected) => {
    expect(formatIsoDay(day, locale)).toBe(expected);
  });

  test("what it writes reads back as the same day, in both languages, every day of 2024", () => {
    const wrong: string[] = [];
    for (let t = Date.UTC(2024, 0, 1); t < Date.UTC(2025, 0, 1); t += 86_400_000) {
      const day = new Date(t).toISOString().slice(0, 10);
      for (const locale of ["nl", "en"] as const)
        if (isoDayOf(formatIsoDay(day, locale)) !== day) wrong.push(`${day} ${locale}`);
    }
    expect(wrong).toEqual([]);
  });
});
