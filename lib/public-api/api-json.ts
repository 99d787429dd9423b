import "server-only";

/** An API answer: JSON, never cached (it is one environment's data, for one key). */
export function apiJson(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: { "cache-control": "no-store" } });
}
