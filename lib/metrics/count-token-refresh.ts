import { portalMetrics } from "./portal-metrics";

/** How a refresh ended: `refused` Exact says the chain is dead; `in_doubt` the answer was lost. */
export type TokenRefreshResult = "ok" | "refused" | "temporary" | "in_doubt";

/** Starts timing one call to Exact's token endpoint; the returned function counts its result. */
export function startTokenRefresh(): (result: TokenRefreshResult) => void {
  const metrics = portalMetrics();
  const done = metrics.tokenRefreshDuration.startTimer();
  return (result) => {
    done();
    metrics.tokenRefreshes.inc({ result });
  };
}

/** Starts timing a wait for the refresh lease; the returned function records it (the first call only). */
export function startLeaseWait(): () => void {
  let done: (() => void) | null = portalMetrics().leaseWait.startTimer();
  return () => {
    done?.();
    done = null;
  };
}
