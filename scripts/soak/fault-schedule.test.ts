import { expect, test } from "vitest";
import { FAULT_KINDS, faultSchedule } from "./fault-schedule";

test("a seed draws the same fault schedule every time; another seed another one", () => {
  const once = faultSchedule(1234, 10 * 60_000);
  expect(faultSchedule(1234, 10 * 60_000)).toEqual(once);
  expect(faultSchedule(1235, 10 * 60_000)).not.toEqual(once);
  // Every few seconds, inside the span, of the known kinds; over ten minutes every kind comes up.
  expect(once.length).toBeGreaterThan(60);
  expect(once.every((d) => d.atMs >= 0 && d.atMs < 10 * 60_000 && d.kind in FAULT_KINDS)).toBe(true);
  expect(new Set(faultSchedule(7, 60 * 60_000).map((d) => d.kind)).size).toBe(Object.keys(FAULT_KINDS).length);
});
