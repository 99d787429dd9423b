import { z } from "zod";
import { isoDayOf } from "./calendar-day";
import "./zod-jitless";

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
