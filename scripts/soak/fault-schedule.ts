import { seededRandom } from "./seeded-random";

/**
 * The faults a soak injects, by kind. Each is made for real (a signal, a statement, a fault
 * queued in the simulator, an option changed for a while): soak.mts says how.
 */
export const FAULT_KINDS = {
  "kill-portal": 6,
  "kill-worker": 4,
  "kill-in-token-answer": 3,
  "kill-renewing-lease": 3,
  "postgres-restart": 3,
  "connections-killed": 4,
  "token-slow": 4,
  "token-slow-after-rotation": 4,
  "token-dropped-after-rotation": 1,
  "token-timeout-after-rotation": 1,
  "token-503": 4,
  "token-429": 2,
  "api-401": 3,
  "api-503": 4,
  "api-429": 2,
} as const;

/** After the faults the soak settles this long: every token stored before has run out (60 s tokens). */
export const SETTLE_MS = 70_000;

/** How long faults are drawn in a soak of `minutes`: the rest is start-up, settling and the check. */
export function faultSpanMs(minutes: number): number {
  return Math.max(30_000, minutes * 60_000 - SETTLE_MS - 20_000);
}

export type FaultKind = keyof typeof FAULT_KINDS;

export type FaultDraw = {
  /** Milliseconds after the faults began. */
  atMs: number;
  kind: FaultKind;
  /** Which process or login (an index the soak maps), and how long (ms), both drawn. */
  target: number;
  ms: number;
};

/**
 * The whole schedule, drawn up front from the seed alone: a failing seed replays the same
 * faults at the same moments (what the processes happen to be doing then may differ).
 */
export function faultSchedule(seed: number, durationMs: number): FaultDraw[] {
  const random = seededRandom(seed);
  const kinds = Object.entries(FAULT_KINDS) as [FaultKind, number][];
  const total = kinds.reduce((sum, [, weight]) => sum + weight, 0);
  const draws: FaultDraw[] = [];
  for (let at = random.int(3_000, 6_000); at < durationMs; at += random.int(2_000, 6_000)) {
    let roll = random.next() * total;
    let kind = kinds[0][0];
    for (const [name, weight] of kinds) {
      kind = name;
      if (roll < weight) break;
      roll -= weight;
    }
    draws.push({ atMs: at, kind, target: random.int(0, 1_000_000), ms: random.int(1_000, 8_000) });
  }
  return draws;
}
