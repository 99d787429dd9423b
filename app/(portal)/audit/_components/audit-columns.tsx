import type { ColumnDef } from "@tanstack/react-table";
import type { useTranslations } from "next-intl";
import type { AuditRow } from "./audit-row";

const COLUMNS: { id: Exclude<keyof AuditRow, "id">; className?: string }[] = [
  { id: "at", className: "whitespace-nowrap" },
  { id: "who" },
  { id: "action", className: "font-mono text-xs" },
  { id: "record" },
  { id: "detail", className: "font-mono text-xs break-all" },
];

/** The audit log's columns, newest first from the server: none sorts in the browser. */
export function auditColumns(t: ReturnType<typeof useTranslations<"audit">>): ColumnDef<AuditRow>[] {
  return COLUMNS.map(({ id, className }) => ({
    id,
    header: t(`columns.${id}`),
    accessorFn: (row) => row[id],
    enableSorting: false,
    meta: { className },
  }));
}
