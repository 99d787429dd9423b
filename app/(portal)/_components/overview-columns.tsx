import type { ColumnDef } from "@tanstack/react-table";
import { LinkState } from "@/components/ui/link-state";
import { SORT_COLUMNS, type SortColumn } from "@/lib/schemas/overview-params";
import type { OverviewTableRow } from "./overview-table-row";

/** The overview's columns: one per sort column, each cell already in words from the server; the state as its badge. */
export function overviewColumns(headers: Record<SortColumn, string>): ColumnDef<OverviewTableRow>[] {
  return SORT_COLUMNS.map((id) =>
    id === "state"
      ? {
          id,
          header: headers[id],
          accessorFn: (row) => row.state,
          cell: ({ row }) => (
            <LinkState
              state={row.original.stateKey}
              word={row.original.stateWord}
              detail={row.original.stateDetail}
              long={row.original.stateHasReason}
            />
          ),
        }
      : { id, header: headers[id], accessorFn: (row) => row[id] },
  );
}
