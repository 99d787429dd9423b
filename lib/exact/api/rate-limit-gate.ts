import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { eq, lt, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { exactRateLimits } from "@/db/schema";
import { now } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { formatAmsterdamTime } from "@/lib/i18n/format-amsterdam-time";
import { noteRateLimitRemaining } from "@/lib/metrics/rate-limit-low-water";
import { blockFrom, type RateLimitBlock, readRateLimits, waitPolicy } from "./rate-limit";

// Rate-limit pauses per limit key (site + division, or site + login for current/Me), kept in
// the database so every portal process keeps them: after a 429, or an answer whose window has
// nothing left, no call for that key leaves any process until the reset (refusals count
// toward Exact's hourly error limit).

/** Waiting a little past the reset: Exact's clock and ours are never exactly the same. */
const RESET_MARGIN_MS = 250;

/** Records what an answer says about the key's limits. */
export async function noteRateLimit(key: string, status: number, headers: Headers): Promise<RateLimitBlock | null> {
  const at = now().getTime();
  const limits = readRateLimits(headers);
  noteRateLimitRemaining(limits);
  const block = blockFrom(status, limits, at);
  if (!block) return null;
  const until = new Date(block.until);
  await getDb()
    .insert(exactRateLimits)
    .values({ key, until, minutely: block.minutely })
    .onConflictDoUpdate({
      target: exactRateLimits.key,
      set: { until: sql`greatest(${exactRateLimits.until}, excluded.until)`, minutely: block.minutely },
    });
  // Old pauses are of no use to anyone: keep the table small.
  await getDb()
    .delete(exactRateLimits)
    .where(lt(exactRateLimits.until, new Date(at - 24 * 3600_000)));
  return block;
}

/**
 * Waits for a pause on the key, or refuses with AppError("exact_rate_limited", { until, untilMs }):
 * `until` "HH:MM" for a person, `untilMs` for an API caller's Retry-After.
 */
export async function passRateLimit(key: string, interactive: boolean): Promise<void> {
  const [row] = await getDb().select().from(exactRateLimits).where(eq(exactRateLimits.key, key));
  if (!row) return;
  const block = { until: row.until.getTime(), minutely: row.minutely };
  const decision = waitPolicy(block, now().getTime(), interactive);
  if (decision.action === "refuse") {
    throw new AppError("exact_rate_limited", undefined, {
      until: formatAmsterdamTime(block.until),
      untilMs: block.until,
    });
  }
  if (decision.action === "wait") await sleep(decision.ms + RESET_MARGIN_MS);
}
