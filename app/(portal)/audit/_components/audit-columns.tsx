import type { ColumnDef } from "@tanstack/react-table";
import type { useTranslations } from "next-intl";
import type { AuditRow } from "./audit-row";

const COLUMNS: { id: Exclude<keyof AuditRow, "id" | "details">; className?: string }[] = [
  { id: "at", className: "whitespace-nowrap" },
  { id: "who" },
  { id: "action" },
  { id: "record" },
];

/** The audit log's columns, newest first from the server: none sorts in the browser. */
export function auditColumns(t: ReturnType<typeof useTranslations<"audit">>): ColumnDef<AuditRow>[] {
  return [
    ...COLUMNS.map(
      ({ id, className }): ColumnDef<AuditRow> => ({
        id,
        header: t(`columns.${id}`),
        accessorFn: (row) => row[id],
        enableSorting: false,
        meta: { className },
      }),
    ),
    {
      id: "detail",
      header: t("columns.detail"),
      enableSorting: false,
      // One "field: old → new" line each.
      cell: ({ row }) =>
        row.original.details.length ? (
          <ul className="flex flex-col gap-0.5">
            {row.original.details.map((line, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the lines of one event never reorder
              <li key={i}>{line}</li>
            ))}
          </ul>
        ) : null,
      meta: { className: "break-words" },
    },
  ];
}
