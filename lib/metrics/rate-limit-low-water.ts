// Exact's rate-limit windows are the same for every division: the minute resets on the whole
// minute, the day at 00:00 UTC, and each answer says when (X-RateLimit-*-Reset, epoch ms). The
// lowest remaining seen in a window is kept until a later window's first answer replaces it.

export type RateLimitWindowName = "minutely" | "daily";
type Window = { remaining: number | null; reset: number | null } | null;

// On globalThis: every copy Next bundles of this module notes into, and is read from, one map.
const cache = globalThis as unknown as {
  __koppelingRateLimitLow?: Map<RateLimitWindowName, { remaining: number; reset: number }>;
};
cache.__koppelingRateLimitLow ??= new Map();
const lowest = cache.__koppelingRateLimitLow;

/** Notes one answer's windows (as lib/exact/api/rate-limit.ts reads them). */
export function noteRateLimitRemaining(limits: { minutely: Window; daily: Window }): void {
  for (const name of ["minutely", "daily"] as const) {
    const w = limits[name];
    if (w?.remaining == null || w.reset == null) continue;
    const current = lowest.get(name);
    if (!current || w.reset > current.reset) lowest.set(name, { remaining: w.remaining, reset: w.reset });
    else if (w.reset === current.reset && w.remaining < current.remaining) current.remaining = w.remaining;
  }
}

/** The lowest remaining of the window that is current at `nowMs`; null when none was seen in it. */
export function lowestRateLimitRemaining(name: RateLimitWindowName, nowMs: number): number | null {
  const current = lowest.get(name);
  return current && current.reset > nowMs ? current.remaining : null;
}
