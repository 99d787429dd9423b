import { z } from "zod";
import "./zod-jitless";

/** Whether `v` is a real calendar day as yyyy-mm-dd: 2024-02-31 does not survive the round trip through Date.UTC. */
export function isCalendarDay(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const [y, m, d] = v.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10) === v;
}

export function calendarDay(error = "invalid_date") {
  return z.string().refine(isCalendarDay, { error });
}
