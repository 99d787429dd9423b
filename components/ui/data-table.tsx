"use client";

import { type ColumnDef, flexRender, getCoreRowModel, useReactTable } from "@tanstack/react-table";

/**
 * A TanStack table with the portal's look. With `onOpen`, a row opens by double-click (the
 * seed's way) or by Enter when it has focus, so the keyboard can do what the mouse does.
 */
export function DataTable<T>({
  rows,
  columns,
  label,
  rowKey,
  rowAttributes,
  onOpen,
}: {
  rows: T[];
  columns: ColumnDef<T>[];
  label?: string;
  rowKey: (row: T) => string;
  rowAttributes?: (row: T) => Record<`data-${string}`, string>;
  onOpen?: (row: T) => void;
}) {
  const table = useReactTable({ data: rows, columns, getCoreRowModel: getCoreRowModel(), getRowId: rowKey });
  return (
    <table aria-label={label} className="w-full border-collapse bg-white text-sm">
      <thead>
        {table.getHeaderGroups().map((g) => (
          <tr key={g.id} className="border-b border-slate-200 text-left text-slate-600">
            {g.headers.map((h) => (
              <th key={h.id} className="px-3 py-2 font-medium">
                {flexRender(h.column.columnDef.header, h.getContext())}
              </th>
            ))}
          </tr>
        ))}
      </thead>
      <tbody>
        {table.getRowModel().rows.map((row) => (
          <tr
            key={row.id}
            {...rowAttributes?.(row.original)}
            tabIndex={onOpen ? 0 : undefined}
            onDoubleClick={onOpen ? () => onOpen(row.original) : undefined}
            onKeyDown={
              onOpen
                ? (e) => {
                    if (e.key === "Enter" && e.target === e.currentTarget) onOpen(row.original);
                  }
                : undefined
            }
            className="border-b border-slate-100 focus:bg-blue-50"
          >
            {row.getVisibleCells().map((cell) => (
              <td key={cell.id} className="px-3 py-2 align-top">
                {flexRender(cell.column.columnDef.cell, cell.getContext())}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
