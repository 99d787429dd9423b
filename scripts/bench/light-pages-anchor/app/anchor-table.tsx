"use client";

import {
  createColumnHelper,
  flexRender,
  getCoreRowModel,
  getSortedRowModel,
  type SortingState,
  useReactTable,
} from "@tanstack/react-table";
import { useState } from "react";

type Row = { code: string; name: string; state: string };

const ROWS: Row[] = Array.from({ length: 25 }, (_, i) => ({
  code: String(1000 + i),
  name: `Divisie ${i + 1}`,
  state: i % 3 === 0 ? "Fout" : "Gekoppeld",
}));

const column = createColumnHelper<Row>();
const COLUMNS = [
  column.accessor("code", { header: "Code" }),
  column.accessor("name", { header: "Naam" }),
  column.accessor("state", { header: "Status" }),
];

/** One TanStack table, sortable by its headers. */
export function AnchorTable() {
  const [sorting, setSorting] = useState<SortingState>([]);
  const table = useReactTable({
    data: ROWS,
    columns: COLUMNS,
    state: { sorting },
    onSortingChange: setSorting,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
  });
  return (
    <table>
      <thead>
        {table.getHeaderGroups().map((g) => (
          <tr key={g.id}>
            {g.headers.map((h) => (
              <th
                key={h.id}
                aria-sort={
                  h.column.getIsSorted() === "asc"
                    ? "ascending"
                    : h.column.getIsSorted() === "desc"
                      ? "descending"
                      : undefined
                }
              >
                <button type="button" onClick={h.column.getToggleSortingHandler()}>
                  {flexRender(h.column.columnDef.header, h.getContext())}
                </button>
              </th>
            ))}
          </tr>
        ))}
      </thead>
      <tbody>
        {table.getRowModel().rows.map((row) => (
          <tr key={row.id}>
            {row.getVisibleCells().map((cell) => (
              <td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
