"use client";

import {
  type ColumnDef,
  getCoreRowModel,
  getSortedRowModel,
  type SortingState,
  useReactTable,
} from "@tanstack/react-table";
import { useState } from "react";

/** A TanStack table that sorts its rows in the browser: for grids that get all their rows. */
export function useClientTable<T extends { id: string }>(rows: T[], columns: ColumnDef<T>[]) {
  const [sorting, setSorting] = useState<SortingState>([]);
  return useReactTable({
    data: rows,
    columns,
    state: { sorting },
    onSortingChange: setSorting,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getRowId: (r) => r.id,
  });
}
