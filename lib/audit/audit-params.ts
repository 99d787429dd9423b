import { createLoader, createParser, parseAsStringLiteral } from "nuqs/server";
import { AUDIT_ENTITY_TYPES } from "./audit-entity-types";

// The audit log's filters and page in the URL (user, kind, from, to, page), for the page
// (server) and its filters and pager (browser). Search params are untrusted: a value that does
// not parse is dropped, not obeyed. Plain nuqs parsers, not a zod schema: this module runs in
// the browser too, and zod would be a third of the page's own JavaScript.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** A real calendar day: 2024-02-31 does not survive the round trip through Date.UTC. */
function isCalendarDay(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const [y, m, d] = v.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10) === v;
}

const day = createParser({ parse: (v) => (isCalendarDay(v) ? v : null), serialize: String });

export const auditParsers = {
  user: createParser({ parse: (v) => (UUID.test(v) ? v : null), serialize: String }),
  kind: parseAsStringLiteral(AUDIT_ENTITY_TYPES),
  from: day,
  to: day,
  page: createParser({
    parse: (v) => {
      const n = Number(v);
      return Number.isInteger(n) && n >= 1 && n <= 100_000 ? n : null;
    },
    serialize: String,
  }).withDefault(1),
};

export const loadAuditParams = createLoader(auditParsers);
export type AuditParams = Awaited<ReturnType<typeof loadAuditParams>>;
