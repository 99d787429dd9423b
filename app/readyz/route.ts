import { readinessResponse } from "@/lib/runtime/readiness";

export const dynamic = "force-dynamic";

// For load balancers and orchestrators: 200 when the database answers, its migrations are
// current and the job queue is reachable; 503 otherwise. JSON with each check and its time.
// Public on purpose (proxy.ts); it names no address, user or secret.
export function GET(): Promise<Response> {
  return readinessResponse();
}
