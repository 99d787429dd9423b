import { portalMetrics } from "./portal-metrics";
import { statusClass } from "./status-class";

/** Counts an answer of the public API by its status class, and passes it on. */
export function countApiRequest(response: Response): Response {
  portalMetrics().apiRequests.inc({ status_class: statusClass(response.status) });
  return response;
}
