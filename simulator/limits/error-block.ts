import type { SimContext } from "../sim-context";
import { HOUR } from "../state/lifetimes";
import { currentWindow } from "./call-window";

/** The answers Exact counts as errors ("Response code 400, 401, 403, and 404 are counted"). */
export const COUNTED_ERROR_STATUSES: ReadonlySet<number> = new Set([400, 401, 403, 404]);

/**
 * EXACT_ONLINE.md: "More than 10 error responses (400/401/403/404) per app, user, company,
 * endpoint and hour block the app for an hour." Errors are counted per key (site + app + user +
 * division + endpoint for REST, site + app + user for the token endpoint) in clock hours; once a
 * key has `errorsPerHour` (10) errors in the hour, its calls are blocked until the hour ends.
 * Option errorsPerHour 0 turns counting and blocking off.
 *
 * Returns when the block ends (epoch ms), or null when the key may call.
 */
export function errorBlockedUntil(ctx: SimContext, key: string): number | null {
  const limit = ctx.options().errorsPerHour;
  if (limit === 0) return null;
  const counts = ctx.store.state.errorCounts;
  const window = currentWindow(Object.hasOwn(counts, key) ? counts[key] : undefined, ctx.clock.now(), HOUR);
  return window.count >= limit ? window.start + HOUR : null;
}

/** Counts an answer against the key when it is one Exact counts as an error. */
export function countErrorAnswer(ctx: SimContext, key: string, status: number): void {
  if (ctx.options().errorsPerHour === 0 || !COUNTED_ERROR_STATUSES.has(status)) return;
  const counts = ctx.store.state.errorCounts;
  const window = currentWindow(Object.hasOwn(counts, key) ? counts[key] : undefined, ctx.clock.now(), HOUR);
  window.count += 1;
  counts[key] = window;
  ctx.store.changed();
}

/** The text of a blocked answer (Exact's own wording is not known). */
export function blockedMessage(limit: number, until: number, scope: string): string {
  return `Too many errors: ${limit} or more failed calls (400, 401, 403, 404) for ${scope} within the hour. Blocked until ${new Date(until).toISOString()}.`;
}
