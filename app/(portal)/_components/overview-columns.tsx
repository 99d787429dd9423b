import type { ColumnDef } from "@tanstack/react-table";
import { SORT_COLUMNS, type SortColumn } from "@/lib/schemas/overview-params";
import type { OverviewTableRow } from "./overview-table-row";

/** The overview's columns: one per sort column, each cell already in words from the server. */
export function overviewColumns(headers: Record<SortColumn, string>): ColumnDef<OverviewTableRow>[] {
  return SORT_COLUMNS.map((id) => ({ id, header: headers[id], accessorFn: (row) => row[id] }));
}
