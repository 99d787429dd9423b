import "server-only";
// Exact's limits per app and division: 60 calls a minute, 5,000 a day. Every answer says
// where we stand in X-RateLimit-Limit/-Remaining/-Reset (daily) and X-RateLimit-Minutely-*
// (resets in epoch ms); a 429 carries only the set that was exceeded.

export type RateLimitWindow = { limit: number | null; remaining: number | null; reset: number | null };
export type RateLimits = { daily: RateLimitWindow | null; minutely: RateLimitWindow | null };

/** Until when no call should be made, and whether only the minutely window is in the way. */
export type RateLimitBlock = { until: number; minutely: boolean };

export const INTERACTIVE_MAX_WAIT_MS = 3_000;
export const BACKGROUND_MAX_WAIT_MS = 60_000;
/** A 429 without any reset header (not seen from Exact): assume the minute window. */
const UNKNOWN_RESET_MS = 60_000;

function numberHeader(headers: Headers, name: string): number | null {
  const raw = headers.get(name);
  if (raw === null || raw.trim() === "") return null;
  const n = Number(raw);
  return Number.isFinite(n) ? n : null;
}

function windowOf(headers: Headers, prefix: string): RateLimitWindow | null {
  const w = {
    limit: numberHeader(headers, `${prefix}-Limit`),
    remaining: numberHeader(headers, `${prefix}-Remaining`),
    reset: numberHeader(headers, `${prefix}-Reset`),
  };
  return w.limit === null && w.remaining === null && w.reset === null ? null : w;
}

export function readRateLimits(headers: Headers): RateLimits {
  return { daily: windowOf(headers, "X-RateLimit"), minutely: windowOf(headers, "X-RateLimit-Minutely") };
}

/**
 * The block an answer implies: after a 429 until the reset of the exceeded window; after a
 * success whose window has nothing left, until its reset too (the next call would only be
 * refused, and refusals count against the app). Null when calls may go on.
 */
export function blockFrom(status: number, limits: RateLimits, nowMs: number): RateLimitBlock | null {
  const exhausted = (w: RateLimitWindow | null, refused: boolean) =>
    w !== null && w.reset !== null && w.reset > nowMs && (w.remaining === 0 || (refused && w.remaining === null));
  const refused = status === 429;
  const daily = exhausted(limits.daily, refused);
  const minutely = exhausted(limits.minutely, refused);
  if (daily || minutely) {
    const resets = [daily ? limits.daily?.reset : null, minutely ? limits.minutely?.reset : null];
    return { until: Math.max(...resets.map((r) => r ?? 0)), minutely: !daily };
  }
  return refused ? { until: nowMs + UNKNOWN_RESET_MS, minutely: true } : null;
}

/**
 * Whether to wait for a block or refuse the call now. A person waiting (interactive) gets
 * at most ~3 s of waiting; a background job may sit out the minute window (under 60 s), never
 * the daily one.
 */
export function waitPolicy(
  block: RateLimitBlock,
  nowMs: number,
  interactive: boolean,
): { action: "go" } | { action: "wait"; ms: number } | { action: "refuse" } {
  const ms = block.until - nowMs;
  if (ms <= 0) return { action: "go" };
  if (interactive) return ms <= INTERACTIVE_MAX_WAIT_MS ? { action: "wait", ms } : { action: "refuse" };
  return block.minutely && ms <= BACKGROUND_MAX_WAIT_MS ? { action: "wait", ms } : { action: "refuse" };
}
