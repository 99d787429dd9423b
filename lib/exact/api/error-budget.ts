import "server-only";
import { and, eq, gt, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { exactErrorCounts } from "@/db/schema";
import { now } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { formatAmsterdamTime } from "@/lib/i18n/format-amsterdam-time";

// Exact blocks an app for an hour after more than 10 error answers (400, 401, 403, 404) per
// user, division ("company"), endpoint and hour. The portal counts them in the database, in
// minute buckets over a rolling hour shared by every process, and stops calling the endpoint
// itself before Exact would block it.

const HOUR_MS = 3_600_000;
const BUCKET_MS = 60_000;
export const COUNTED_STATUSES = new Set([400, 401, 403, 404]);

/** Errors allowed in an hour before the portal pauses the endpoint: two short of Exact's 10. */
export function errorBudget(): number {
  return Number(process.env.EXACT_ERROR_BUDGET ?? 8);
}

/** The key Exact counts under: app (site), user, division, endpoint. */
export function errorKey(site: string, user: string, division: string | null, endpoint: string): string {
  return `${site}|${user}|${division ?? "-"}|${endpoint.toLowerCase()}`;
}

/** Counts one error answer for the key. */
export async function countExactError(key: string): Promise<void> {
  const at = now().getTime();
  const windowStart = new Date(at - (at % BUCKET_MS));
  await getDb()
    .insert(exactErrorCounts)
    .values({ key, windowStart, count: 1 })
    .onConflictDoUpdate({
      target: [exactErrorCounts.key, exactErrorCounts.windowStart],
      set: { count: sql`${exactErrorCounts.count} + 1` },
    });
}

/**
 * Refuses with AppError("exact_paused", { until, untilMs }) while the key has used its budget in
 * the last hour; `until` ("HH:MM") and `untilMs` are when the oldest counted errors leave the
 * hour again.
 */
export async function passErrorBudget(key: string): Promise<void> {
  const at = now().getTime();
  const buckets = await getDb()
    .select({ windowStart: exactErrorCounts.windowStart, count: exactErrorCounts.count })
    .from(exactErrorCounts)
    .where(and(eq(exactErrorCounts.key, key), gt(exactErrorCounts.windowStart, new Date(at - HOUR_MS))))
    .orderBy(exactErrorCounts.windowStart);
  let total = buckets.reduce((sum, b) => sum + b.count, 0);
  if (total < errorBudget()) return;
  // The pause lasts until enough of the oldest errors have aged out of the hour.
  let until = at;
  for (const b of buckets) {
    total -= b.count;
    until = b.windowStart.getTime() + BUCKET_MS + HOUR_MS;
    if (total < errorBudget()) break;
  }
  throw new AppError("exact_paused", undefined, { until: formatAmsterdamTime(until), untilMs: until });
}
