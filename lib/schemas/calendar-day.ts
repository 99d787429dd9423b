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

// Day first, as the portal writes dates (2-7-2016; 02/07/2016 in English), one separator.
const TYPED_DAY = /^(\d{1,2})([-/.])(\d{1,2})\2(\d{4})$/;

/**
 * The calendar day (yyyy-mm-dd) in a date as a person types it — 2-7-2016, 02-07-2016,
 * 2/7/2016 or 2.7.2016, whatever the browser's locale — or as the URL keeps it (2016-07-02);
 * undefined when it is no real day (31-2-2016).
 */
export function isoDayOf(text: string): string | undefined {
  const v = text.trim();
  const typed = TYPED_DAY.exec(v);
  const iso = typed ? `${typed[4]}-${typed[3].padStart(2, "0")}-${typed[1].padStart(2, "0")}` : v;
  return isCalendarDay(iso) ? iso : undefined;
}
