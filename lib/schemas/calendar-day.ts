import { z } from "./zod";

/** A real calendar day as yyyy-mm-dd: 2024-02-31 does not survive the round trip through Date.UTC. */
export function calendarDay(error = "invalid_date") {
  return z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error })
    .refine(
      (v) => {
        if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
        const [y, m, d] = v.split("-").map(Number);
        return new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10) === v;
      },
      { error },
    );
}
