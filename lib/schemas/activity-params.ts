import { z } from "zod";
import { isoDayOf } from "./calendar-day";
import "./zod-jitless";

// The Activiteit view's URL: its filter form is a plain GET form, so this one schema checks
// what the form sends and what any URL says, on the server.

const day = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (!v || v.trim() === "") return undefined;
    const iso = isoDayOf(v);
    if (!iso) ctx.addIssue({ code: "custom", message: "invalid_date" });
    return iso;
  });

/** One value of a filter that may be left empty (any); anything unknown is any. */
const oneOf = <T extends string>(values: readonly T[]) =>
  z
    .string()
    .optional()
    .transform((v) => ((values as readonly string[]).includes(v ?? "") ? (v as T) : undefined));

export const ACTIVITY_KINDS = ["token", "rest"] as const;
export const ACTIVITY_RESULTS = ["ok", "error"] as const;

export const activityParamsSchema = z
  .object({
    from: day,
    to: day,
    kind: oneOf(ACTIVITY_KINDS),
    result: oneOf(ACTIVITY_RESULTS),
    older: z.string().optional(),
    newer: z.string().optional(),
  })
  .refine((p) => !p.from || !p.to || p.from <= p.to, { error: "date_range_reversed", path: ["to"] });

export type ActivityParams = z.output<typeof activityParamsSchema>;

/** The first value of each URL parameter (a repeated one counts once). */
export function firstValues(raw: Record<string, string | string[] | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
}
