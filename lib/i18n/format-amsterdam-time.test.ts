import { describe, expect, test } from "vitest";
import { formatAmsterdamTime } from "./format-amsterdam-time";

describe("formatAmsterdamTime", () => {
  test.each([
    ["winter (CET, UTC+1)", "2026-01-15T13:05:00.000Z", "14:05"],
    ["summer (CEST, UTC+2)", "2026-07-15T13:05:00.000Z", "15:05"],
    ["rounded up to the whole minute", "2026-07-15T13:05:00.001Z", "15:06"],
    ["seconds into the minute", "2026-07-15T13:05:41.000Z", "15:06"],
    ["just before midnight, 24-hour clock", "2026-07-15T21:59:30.000Z", "00:00"],
    ["early morning keeps its leading zero", "2026-01-15T06:04:00.000Z", "07:04"],
    ["the night clocks go forward", "2026-03-29T01:00:00.000Z", "03:00"],
    ["the night clocks go back", "2026-10-25T01:00:00.000Z", "02:00"],
  ])("%s: %s → %s", (_, iso, hhmm) => {
    expect(formatAmsterdamTime(Date.parse(iso))).toBe(hhmm);
  });
});
