import { currentWindow } from "../limits/call-window";
import type { SimContext } from "../sim-context";
import type { Site } from "../sites";
import { DAY } from "../state/lifetimes";

/**
 * Counts one token-endpoint call against "at most 200 calls per app, per user, per day"
 * (EXACT_ONLINE.md). Every call whose user is known counts, whatever its outcome (a too-early
 * refresh is still a call). The day runs from 00:00 UTC, like the API's day windows. Returns the milliseconds until the window reopens when the limit
 * is reached, or null when the call may go ahead.
 */
export function takeTokenCall(ctx: SimContext, site: Site, clientId: string, userName: string): number | null {
  const now = ctx.clock.now();
  const key = `${site}|${clientId}|${userName.toLowerCase()}`;
  const calls = ctx.store.state.tokenCalls;
  const window = currentWindow(Object.hasOwn(calls, key) ? calls[key] : undefined, now, DAY);
  calls[key] = window;
  ctx.store.changed();
  if (window.count >= ctx.options().tokenCallsPerDay) return window.start + DAY - now;
  window.count += 1;
  return null;
}
