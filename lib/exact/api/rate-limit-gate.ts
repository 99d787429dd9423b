import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { now } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { blockFrom, type RateLimitBlock, readRateLimits, waitPolicy } from "@/lib/exact/api/rate-limit";
import { formatAmsterdamTime } from "@/lib/i18n/format-amsterdam-time";

// Blocks per limit key (site + division, or site + login for current/Me), kept in this
// process: after a 429 no call for that key leaves until the reset, so a loop or a second
// person clicking does not hammer Exact (refusals count toward the hourly error limit).
const blocks = new Map<string, RateLimitBlock>();
/** Waiting a little past the reset: Exact's clock and ours are never exactly the same. */
const RESET_MARGIN_MS = 250;

/** Records what an answer says about the key's limits. */
export function noteRateLimit(key: string, status: number, headers: Headers): RateLimitBlock | null {
  const at = now().getTime();
  const block = blockFrom(status, readRateLimits(headers), at);
  if (block) blocks.set(key, block);
  else blocks.delete(key);
  for (const [k, b] of blocks) if (b.until <= at) blocks.delete(k);
  return block;
}

/** Waits for a block on the key, or refuses with AppError("exact_rate_limited", { until }). */
export async function passRateLimit(key: string, interactive: boolean): Promise<void> {
  const block = blocks.get(key);
  if (!block) return;
  const decision = waitPolicy(block, now().getTime(), interactive);
  if (decision.action === "refuse") {
    throw new AppError("exact_rate_limited", undefined, { until: formatAmsterdamTime(block.until) });
  }
  if (decision.action === "wait") await sleep(decision.ms + RESET_MARGIN_MS);
  if (blocks.get(key) === block) blocks.delete(key);
}

/** Forgets every block (tests). */
export function clearRateLimits(): void {
  blocks.clear();
}
