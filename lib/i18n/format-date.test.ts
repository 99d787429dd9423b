import { describe, expect, test } from "vitest";
import { formatDate, formatDateTime, nextIsoDay, startOfDayInAmsterdam } from "./format-date";

describe("formatDate", () => {
  test.each([
    ["2016-07-02T10:00:00Z", "nl", "2-7-2016"],
    ["2016-07-02T10:00:00Z", "en", "02/07/2016"],
    ["2016-12-25T12:00:00Z", "nl", "25-12-2016"],
    // Summer (UTC+2): 22:30 UTC is already the next day in Amsterdam, 21:59 is not.
    ["2016-07-01T22:30:00Z", "nl", "2-7-2016"],
    ["2016-07-01T21:59:59Z", "nl", "1-7-2016"],
    // Winter (UTC+1): 23:30 UTC on New Year's Eve is New Year in Amsterdam, 22:59 is not.
    ["2016-12-31T23:30:00Z", "nl", "1-1-2017"],
    ["2016-12-31T22:59:59Z", "nl", "31-12-2016"],
    ["2016-12-31T23:30:00Z", "en", "01/01/2017"],
  ] as const)("%s in %s → %s", (iso, locale, expected) => {
    expect(formatDate(new Date(iso), locale)).toBe(expected);
  });
});

describe("formatDateTime", () => {
  test.each([
    ["2016-07-01T22:30:00Z", "nl", "2-7-2016 00:30"],
    ["2016-07-01T22:30:00Z", "en", "02/07/2016 00:30"],
    ["2016-01-15T08:05:00Z", "nl", "15-1-2016 09:05"],
    ["2016-07-15T08:05:00Z", "nl", "15-7-2016 10:05"],
    ["2016-07-15T21:45:00Z", "en", "15/07/2016 23:45"],
  ] as const)("%s in %s → %s", (iso, locale, expected) => {
    expect(formatDateTime(new Date(iso), locale)).toBe(expected);
  });
});

describe("startOfDayInAmsterdam", () => {
  test.each([
    ["2016-07-02", "2016-07-01T22:00:00.000Z"], // summer, UTC+2
    ["2016-01-15", "2016-01-14T23:00:00.000Z"], // winter, UTC+1
    ["2024-03-31", "2024-03-30T23:00:00.000Z"], // clocks go forward at 02:00 that day
    ["2024-04-01", "2024-03-31T22:00:00.000Z"],
    ["2024-10-27", "2024-10-26T22:00:00.000Z"], // clocks go back at 03:00 that day
    ["2024-10-28", "2024-10-27T23:00:00.000Z"],
  ])("%s starts at %s", (day, expected) => {
    expect(startOfDayInAmsterdam(day).toISOString()).toBe(expected);
  });

  test("for every day of 2023 and 2024 it is the first instant of that day in Amsterdam", () => {
    const wrong: string[] = [];
    for (let t = Date.UTC(2023, 0, 1); t < Date.UTC(2025, 0, 1); t += 86_400_000) {
      const day = new Date(t).toISOString().slice(0, 10);
      const [y, m, d] = day.split("-").map(Number);
      const start = startOfDayInAmsterdam(day);
      const before = new Date(start.getTime() - 1);
      if (formatDate(start, "nl") !== `${d}-${m}-${y}` || formatDate(before, "nl") === `${d}-${m}-${y}`) {
        wrong.push(day);
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe("nextIsoDay", () => {
  test.each([
    ["2016-07-02", "2016-07-03"],
    ["2016-01-31", "2016-02-01"],
    ["2016-04-30", "2016-05-01"],
    ["2016-02-28", "2016-02-29"], // leap year
    ["2016-02-29", "2016-03-01"],
    ["2015-02-28", "2015-03-01"], // not a leap year
    ["2000-02-28", "2000-02-29"], // divisible by 400: leap
    ["2100-02-28", "2100-03-01"], // divisible by 100: not
    ["2016-12-31", "2017-01-01"],
    ["2024-10-27", "2024-10-28"], // a 25-hour day in Amsterdam
  ])("%s → %s", (day, expected) => {
    expect(nextIsoDay(day)).toBe(expected);
  });
});
