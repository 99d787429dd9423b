import type { CallWindow } from "./state/sim-state";

/**
 * A fixed window that opens with its first call and lasts `lengthMs`; a call after that opens a
 * new one. (Exact does not say where its windows start; anchoring them to the first call keeps a
 * test that makes 61 quick calls deterministic.)
 */
export function currentWindow(window: CallWindow | undefined, now: number, lengthMs: number): CallWindow {
  return window && now - window.start < lengthMs ? window : { start: now, count: 0 };
}
