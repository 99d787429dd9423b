import type { CallWindow } from "../state/sim-state";

/**
 * A fixed window aligned on the clock: a minute window starts on the whole minute, a day window
 * at 00:00 UTC, an hour window on the whole hour (EXACT_ONLINE.md "Rate-limit windows reset on
 * the whole minute and at 00:00 UTC"). The epoch starts at 00:00 UTC, so aligning on multiples
 * of `lengthMs` since the epoch is exactly that. A saved window is kept while it is the current
 * one; otherwise a new, empty one opens.
 */
export function currentWindow(window: CallWindow | undefined, now: number, lengthMs: number): CallWindow {
  const start = now - (now % lengthMs);
  return window && window.start === start ? window : { start, count: 0 };
}
