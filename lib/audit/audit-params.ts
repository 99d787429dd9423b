import { createLoader, createParser } from "nuqs/server";
import { auditFilterSchema } from "@/lib/schemas/audit-filter";

// The audit log's filters and page in the URL (user, kind, from, to, page), for the page
// (server) and its filters and pager (browser). Each value is checked by the audit filter
// schema: a value that does not parse is dropped, not obeyed.

const checked = <K extends "user" | "kind" | "from" | "to">(key: K) =>
  createParser({
    parse: (v) =>
      (auditFilterSchema.shape[key].parse(v) ?? null) as NonNullable<
        ReturnType<(typeof auditFilterSchema.shape)[K]["parse"]>
      > | null,
    serialize: (v) => String(v),
  });

export const auditParsers = {
  user: checked("user"),
  kind: checked("kind"),
  from: checked("from"),
  to: checked("to"),
  page: createParser({ parse: (v) => auditFilterSchema.shape.page.parse(v), serialize: String }).withDefault(1),
};

export const loadAuditParams = createLoader(auditParsers);
export type AuditParams = Awaited<ReturnType<typeof loadAuditParams>>;
