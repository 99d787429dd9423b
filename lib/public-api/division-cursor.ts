import type { DivisionRowPosition } from "@/lib/data/division-overview";

// The cursor of GET /api/v1/divisions: where the previous page ended, as base64url JSON. It is
// opaque to callers (its form may change); whatever it says, the query stays in the key's
// environment, so a forged cursor can only skip rows the key may see anyway.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const text = (v: unknown) => v === null || (typeof v === "string" && v.length <= 500);

export function encodeDivisionCursor(p: DivisionRowPosition): string {
  return Buffer.from(JSON.stringify([p.code, p.administration, p.id])).toString("base64url");
}

/** The position a cursor names, or null for anything that is not one of ours. */
export function decodeDivisionCursor(cursor: string): DivisionRowPosition | null {
  if (!/^[A-Za-z0-9_-]{1,2000}$/.test(cursor)) return null;
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (!Array.isArray(v) || v.length !== 3 || !text(v[0]) || !text(v[1])) return null;
    if (typeof v[2] !== "string" || !UUID.test(v[2])) return null;
    return { code: v[0], administration: v[1], id: v[2] };
  } catch {
    return null;
  }
}
