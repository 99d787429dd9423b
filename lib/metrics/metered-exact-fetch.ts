import { portalMetrics } from "./portal-metrics";
import { statusClass } from "./status-class";

/** Who a call to Exact is made for (lib/exact/api/exact-request.ts, ExactCaller). */
export type ExactCallerLabel = "portal" | "keepalive" | "api";

/**
 * `transport` counting each request it sends to Exact: its status class (or `network` when no
 * answer came) and the time until the answer's headers, per caller.
 */
export function meteredExactFetch(caller: ExactCallerLabel, transport: typeof fetch): typeof fetch {
  return async (input, init) => {
    const metrics = portalMetrics();
    const done = metrics.exactRequestDuration.startTimer({ caller });
    try {
      const response = await transport(input, init);
      metrics.exactRequests.inc({ caller, status_class: statusClass(response.status) });
      return response;
    } catch (e) {
      metrics.exactRequests.inc({ caller, status_class: "network" });
      throw e;
    } finally {
      done();
    }
  };
}
