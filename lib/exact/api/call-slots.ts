import "server-only";
import { now } from "@/lib/clock";
import { AppError } from "@/lib/errors";

// Calls in flight per Exact user and division, in this process: when Exact refuses the access
// token (it revokes one before its time now and then), every call already sent carries it and
// comes back 401, and each 401 counts toward Exact's ten errors an hour per user, division and
// endpoint (a block for the rest of it). A few calls in flight meet the 401; the others wait
// their turn and start with the token the refresh brings. Exact allows 60 calls a minute per
// division, so more in flight buys nothing.

/** Calls one Exact user and division may have in flight over all portal processes (EXACT_MAX_IN_FLIGHT). */
export function maxInFlight(): number {
  const n = Number(process.env.EXACT_MAX_IN_FLIGHT);
  return Number.isInteger(n) && n >= 1 ? n : 4;
}

/** How long a call waits for a slot before it is refused (EXACT_QUEUE_WAIT_MS). */
export function queueWaitMs(): number {
  const n = Number(process.env.EXACT_QUEUE_WAIT_MS);
  return Number.isFinite(n) && n >= 0 ? n : 10_000;
}

type Waiter = { start: () => void; timer: NodeJS.Timeout | null };
type Gate = { active: number; waiting: Waiter[] };

/** Only keys with calls under way or waiting are kept. */
const gates = new Map<string, Gate>();

/**
 * Runs `work` once one of the key's `size` slots is free, in order of arrival. Refuses with
 * AppError("exact_busy", { seconds, untilMs }) after waiting `waitMs`: the caller may try again
 * after as long again.
 */
export async function inCallSlot<T>(key: string, size: number, waitMs: number, work: () => Promise<T>): Promise<T> {
  let gate = gates.get(key);
  if (!gate) {
    gate = { active: 0, waiting: [] };
    gates.set(key, gate);
  }
  if (gate.active >= size) await waitForSlot(key, gate, waitMs);
  else gate.active += 1;
  try {
    return await work();
  } finally {
    release(key, gate, size);
  }
}

function waitForSlot(key: string, gate: Gate, waitMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const waiter: Waiter = { start: resolve, timer: null };
    waiter.timer = setTimeout(() => {
      gate.waiting.splice(gate.waiting.indexOf(waiter), 1);
      if (gate.active === 0 && gate.waiting.length === 0) gates.delete(key);
      const seconds = Math.max(1, Math.ceil(waitMs / 1000));
      reject(new AppError("exact_busy", undefined, { seconds, untilMs: now().getTime() + seconds * 1000 }));
    }, waitMs);
    gate.waiting.push(waiter);
  });
}

/** Hands the slot to the next waiter (the slot stays taken), or frees it. */
function release(key: string, gate: Gate, size: number): void {
  gate.active -= 1;
  // The size may have shrunk meanwhile (more processes came up): hand on only what is free.
  while (gate.waiting.length > 0 && gate.active < size) {
    const next = gate.waiting.shift() as Waiter;
    if (next.timer) clearTimeout(next.timer);
    gate.active += 1;
    next.start();
  }
  if (gate.active === 0 && gate.waiting.length === 0) gates.delete(key);
}
