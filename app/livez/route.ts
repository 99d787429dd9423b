export const dynamic = "force-dynamic";

// The process answers: nothing else is asked (a database outage must not make an orchestrator
// restart a process that would recover by itself). Public on purpose (proxy.ts).
export function GET(): Response {
  return Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
}
