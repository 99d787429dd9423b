import { portalMetrics } from "./portal-metrics";

/** Counts a sign-in attempt by its result (ok, or the reason it was refused), and passes it on. */
export function countSignIn<T extends { ok: true } | { ok: false; reason: string }>(result: T): T {
  portalMetrics().signIns.inc({ result: result.ok ? "ok" : result.reason });
  return result;
}
