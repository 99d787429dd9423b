"use client";

import { flexRender, type Header, type RowData, type Table } from "@tanstack/react-table";
import type { ReactNode } from "react";
import { ContextMenu, type MenuItem, useContextMenuTrigger } from "./context-menu";

declare module "@tanstack/react-table" {
  interface ColumnMeta<TData extends RowData, TValue> {
    /** Classes for the column's cells. */
    className?: string;
  }
}

export type DataTableSortTitles = { ascending: string; descending: string };

/**
 * Every grid of the portal: it renders a TanStack `table` the grid built (client-side or
 * `manual*` sorting and paging alike). Sortable headers are buttons with `aria-sort`. With
 * `onOpen`, a row opens by double-click (the seed's way) or by Enter when it has focus. With
 * `area`, the grid is the seed's grey area: focusable, it shows the empty state inside and takes
 * the right-click (and Shift+F10 / the Menu key) for `menu`, also when it has no rows.
 */
export function DataTable<T>({
  table,
  label,
  rowAttributes,
  onOpen,
  empty,
  toolbar,
  footer,
  area,
  menu,
  sortTitles,
}: {
  table: Table<T>;
  label?: string;
  rowAttributes?: (row: T) => Record<`data-${string}`, string | undefined>;
  onOpen?: (row: T) => void;
  empty?: ReactNode;
  toolbar?: ReactNode;
  footer?: ReactNode;
  area?: { label: string; testId?: string };
  menu?: { label: string; items: MenuItem[] } | null;
  sortTitles?: DataTableSortTitles;
}) {
  const trigger = useContextMenuTrigger(Boolean(menu));
  const rows = table.getRowModel().rows;
  const grid = (
    <>
      <table aria-label={label} className="w-full border-collapse bg-white text-sm">
        <thead>
          {table.getHeaderGroups().map((g) => (
            <tr key={g.id} className="border-b border-slate-200 text-left text-slate-600">
              {g.headers.map((h) => (
                <HeaderCell key={h.id} header={h} sortTitles={sortTitles} />
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {rows.map((row) => (
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
                <td key={cell.id} className={`px-3 py-2 align-top ${cell.column.columnDef.meta?.className ?? ""}`}>
                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && empty ? (
        <div className="bg-white px-6 py-10 text-center text-sm text-slate-600">{empty}</div>
      ) : null}
    </>
  );
  return (
    <div className="flex flex-col gap-3">
      {toolbar}
      {area ? (
        <section
          data-testid={area.testId}
          tabIndex={menu ? 0 : undefined}
          aria-label={area.label}
          className="min-h-64 rounded border border-slate-300 bg-slate-200/60 p-1"
          onContextMenu={trigger.onContextMenu}
          onKeyDown={trigger.onKeyDown}
        >
          {grid}
        </section>
      ) : (
        <div>{grid}</div>
      )}
      {footer}
      {menu && trigger.at ? (
        <ContextMenu x={trigger.at.x} y={trigger.at.y} label={menu.label} onClose={trigger.close} items={menu.items} />
      ) : null}
    </div>
  );
}

function HeaderCell<T>({ header, sortTitles }: { header: Header<T, unknown>; sortTitles?: DataTableSortTitles }) {
  const title = flexRender(header.column.columnDef.header, header.getContext());
  if (header.isPlaceholder || !header.column.getCanSort()) {
    return <th className="px-3 py-2 font-medium">{header.isPlaceholder ? null : title}</th>;
  }
  const sorted = header.column.getIsSorted();
  return (
    <th
      className="px-3 py-2 font-medium"
      aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : "none"}
    >
      <button
        type="button"
        className="inline-flex items-center gap-1 hover:text-slate-900"
        title={sortTitles ? (sorted === "asc" ? sortTitles.descending : sortTitles.ascending) : undefined}
        onClick={header.column.getToggleSortingHandler()}
      >
        {title}
        <span aria-hidden="true">{sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : ""}</span>
      </button>
    </th>
  );
}
