import { setTimeout as sleep } from "node:timers/promises";

/**
 * Waits `ms` (the delay faults), or rejects as soon as the simulator closes: a pending delayed
 * answer must never keep close() — or the test process — waiting for its timer.
 */
export function pause(ms: number, closing: AbortSignal): Promise<void> {
  return sleep(ms, undefined, { signal: closing });
}
