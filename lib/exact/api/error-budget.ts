import "server-only";
import { and, gt, inArray, lt, sql } from "drizzle-orm";
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

/**
 * The part of the budget API keys together may use (EXACT_API_ERROR_BUDGET, at most the whole):
 * the rest is the portal's own (keep-alive, tests, consent), so another system's bad queries
 * never pause the calls that keep the link alive.
 */
export function apiErrorBudget(): number {
  const n = Number(process.env.EXACT_API_ERROR_BUDGET ?? 5);
  return Math.min(errorBudget(), Number.isFinite(n) && n >= 0 ? n : 5);
}

/** Exact's own limit: the 11th error answer in an hour blocks the app for the user. */
const EXACT_BLOCKS_AFTER = 10;

/** Whose call met the error: the API's callers have a share of the budget of their own. */
export type BudgetHolder = "portal" | "api";

/** The key Exact counts under: app (site), user, division, endpoint. */
export function errorKey(site: string, user: string, division: string | null, endpoint: string): string {
  return `${site}|${user}|${division ?? "-"}|${endpoint.toLowerCase()}`;
}

/** The API's share of a key is counted beside it, under this key. */
const apiShare = (key: string) => `api|${key}`;

/** Counts one error answer for the key (and, when an API caller met it, for the API's share). */
export async function countExactError(key: string, holder: BudgetHolder = "portal"): Promise<void> {
  const at = now().getTime();
  const windowStart = new Date(at - (at % BUCKET_MS));
  const keys = holder === "api" ? [key, apiShare(key)] : [key];
  const counted = await getDb()
    .insert(exactErrorCounts)
    .values(keys.map((k) => ({ key: k, windowStart, count: 1 })))
    .onConflictDoUpdate({
      target: [exactErrorCounts.key, exactErrorCounts.windowStart],
      set: { count: sql`${exactErrorCounts.count} + 1` },
    })
    .returning({ count: exactErrorCounts.count });
  // Counts older than the hour are of no use: each new minute's first count clears them away.
  if (counted.some((c) => c.count === 1)) {
    await getDb()
      .delete(exactErrorCounts)
      .where(lt(exactErrorCounts.windowStart, new Date(at - 2 * HOUR_MS)))
      .catch(() => undefined);
  }
}

type Minute = { at: number; all: number; api: number };

/**
 * Whether the holder's calls for the key are paused, given the errors left in the hour. The
 * portal's own calls count the API's errors only up to the API's share, so the keys' errors
 * never pause them, and never past Exact's own block.
 */
function paused(holder: BudgetHolder, all: number, api: number): boolean {
  if (holder === "api") return api >= apiErrorBudget() || all >= errorBudget();
  return all - api + Math.min(api, apiErrorBudget()) >= errorBudget() || all >= EXACT_BLOCKS_AFTER;
}

/**
 * Refuses with AppError("exact_paused", { until, untilMs }) while the holder has used its
 * budget for the key in the last hour; `until` ("HH:MM") and `untilMs` are when enough of the
 * oldest counted errors leave the hour again.
 */
export async function passErrorBudget(key: string, holder: BudgetHolder = "portal"): Promise<void> {
  const at = now().getTime();
  const rows = await getDb()
    .select({ key: exactErrorCounts.key, windowStart: exactErrorCounts.windowStart, count: exactErrorCounts.count })
    .from(exactErrorCounts)
    .where(
      and(
        inArray(exactErrorCounts.key, [key, apiShare(key)]),
        gt(exactErrorCounts.windowStart, new Date(at - HOUR_MS)),
      ),
    )
    .orderBy(exactErrorCounts.windowStart);
  const minutes = new Map<number, Minute>();
  for (const r of rows) {
    const t = r.windowStart.getTime();
    const m = minutes.get(t) ?? { at: t, all: 0, api: 0 };
    if (r.key === key) m.all += r.count;
    else m.api += r.count;
    minutes.set(t, m);
  }
  let all = 0;
  let api = 0;
  for (const m of minutes.values()) {
    all += m.all;
    api += m.api;
  }
  if (!paused(holder, all, api)) return;
  // The pause lasts until enough of the oldest errors have aged out of the hour.
  let until = at;
  for (const m of [...minutes.values()].sort((a, b) => a.at - b.at)) {
    all -= m.all;
    api -= m.api;
    until = m.at + BUCKET_MS + HOUR_MS;
    if (!paused(holder, all, api)) break;
  }
  throw new AppError("exact_paused", undefined, { until: formatAmsterdamTime(until), untilMs: until });
}
