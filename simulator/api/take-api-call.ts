import type { Headers } from "../http/reply";
import { currentWindow } from "../limits/call-window";
import type { SimContext } from "../sim-context";
import { DAY, MINUTE } from "../state/lifetimes";

export interface ApiCallVerdict {
  allowed: boolean;
  /** Daily and minutely headers when allowed; on a 429 only the set that was exceeded. */
  headers: Headers;
}

/**
 * EXACT_ONLINE.md "Limits": 60 calls a minute and 5,000 a day per app per division; over → 429.
 * Headers X-RateLimit-Limit/-Remaining/-Reset (daily) and X-RateLimit-Minutely-Limit/-Remaining/
 * -Reset, resets in epoch milliseconds; a minutely 429 carries only the minutely headers. The
 * windows end on the whole minute and at 00:00 UTC (call-window.ts), so the resets are those
 * boundaries.
 */
export function takeApiCall(ctx: SimContext, key: string): ApiCallVerdict {
  const now = ctx.clock.now();
  const { apiCallsPerDay, apiCallsPerMinute } = ctx.options();
  const calls = ctx.store.state.apiCalls;
  const saved = Object.hasOwn(calls, key) ? calls[key] : undefined;
  const windows = {
    minute: currentWindow(saved?.minute, now, MINUTE),
    day: currentWindow(saved?.day, now, DAY),
  };
  calls[key] = windows;
  ctx.store.changed();
  const daily = (): Headers => ({
    "X-RateLimit-Limit": apiCallsPerDay,
    "X-RateLimit-Remaining": Math.max(0, apiCallsPerDay - windows.day.count),
    "X-RateLimit-Reset": windows.day.start + DAY,
  });
  const minutely = (): Headers => ({
    "X-RateLimit-Minutely-Limit": apiCallsPerMinute,
    "X-RateLimit-Minutely-Remaining": Math.max(0, apiCallsPerMinute - windows.minute.count),
    "X-RateLimit-Minutely-Reset": windows.minute.start + MINUTE,
  });
  if (windows.day.count >= apiCallsPerDay) return { allowed: false, headers: daily() };
  if (windows.minute.count >= apiCallsPerMinute) return { allowed: false, headers: minutely() };
  windows.day.count += 1;
  windows.minute.count += 1;
  return { allowed: true, headers: { ...daily(), ...minutely() } };
}
