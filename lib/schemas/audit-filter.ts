import { z } from "zod";
import { isCalendarDay } from "./calendar-day";
import "./zod-jitless";

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

/** A typed or URL day, out as yyyy-mm-dd; empty is no day. */
const day = z.string().transform((v, ctx) => {
  if (v.trim() === "") return undefined;
  const iso = isoDayOf(v);
  if (!iso) ctx.addIssue({ code: "custom", message: "invalid_date" });
  return iso;
});

/**
 * The audit log's period (Vanaf, Tot en met), for the filter form and for the page that
 * reads it from the URL: a period that ends before it starts is refused in words rather
 * than searched ("no events" would suggest nothing happened).
 */
export const auditPeriodSchema = z
  .object({ from: day.optional(), to: day.optional() })
  .refine((p) => !p.from || !p.to || p.from <= p.to, { error: "date_range_reversed", path: ["to"] });
export type AuditPeriodInput = z.input<typeof auditPeriodSchema>;
