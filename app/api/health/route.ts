import { readinessResponse } from "@/lib/runtime/readiness";

export const dynamic = "force-dynamic";

// The older name of /readyz, kept for load balancers already pointed at it: the same answer.
export function GET(): Promise<Response> {
  return readinessResponse();
}
