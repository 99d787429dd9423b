import "server-only";
/** One page of an OData v2 answer: its records and the absolute URL of the next page, if any. */
export type ODataPage<T> = { records: T[]; next: string | null };

/**
 * Reads Exact's OData v2 envelope: `{"d":{"results":[…],"__next":"…"}}` for collections,
 * `{"d":[…]}` or `{"d":{…}}` (one entity) otherwise. Null when the body is no envelope at all
 * (an HTML page from a proxy, XML because Accept was lost on the way, …).
 */
export function readODataPage<T>(body: unknown): ODataPage<T> | null {
  if (!body || typeof body !== "object" || !("d" in body)) return null;
  const d = (body as { d: unknown }).d;
  if (Array.isArray(d)) return { records: d as T[], next: null };
  if (!d || typeof d !== "object") return null;
  const envelope = d as { results?: unknown; __next?: unknown };
  const next = typeof envelope.__next === "string" && envelope.__next !== "" ? envelope.__next : null;
  if (Array.isArray(envelope.results)) return { records: envelope.results as T[], next };
  if ("results" in envelope) return null;
  return { records: [d as T], next: null };
}
