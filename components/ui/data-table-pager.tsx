"use client";

import type { Table } from "@tanstack/react-table";

export type DataTablePagerLabels = { paging: string; previous: string; next: string; pageSize?: string };

/**
 * Paging for a DataTable, client-side or `manualPagination` alike: buttons, the page in words
 * and, with `pageSizes`, a page size. What the buttons do is the table's `onPaginationChange`.
 */
export function DataTablePager<T>({
  table,
  labels,
  pageText,
  pageTestId,
  pageSizes,
}: {
  table: Table<T>;
  labels: DataTablePagerLabels;
  pageText: string;
  pageTestId?: string;
  pageSizes?: readonly number[];
}) {
  const button = "rounded border border-slate-300 bg-white px-3 py-1 disabled:opacity-50";
  return (
    <nav aria-label={labels.paging} className="flex flex-wrap items-center gap-3 text-sm">
      <button
        type="button"
        disabled={!table.getCanPreviousPage()}
        onClick={() => table.previousPage()}
        className={button}
      >
        {labels.previous}
      </button>
      <span data-testid={pageTestId}>{pageText}</span>
      <button type="button" disabled={!table.getCanNextPage()} onClick={() => table.nextPage()} className={button}>
        {labels.next}
      </button>
      {pageSizes ? (
        <label className="flex items-center gap-2">
          <span>{labels.pageSize}</span>
          <select
            value={table.getState().pagination.pageSize}
            onChange={(e) => table.setPageSize(Number(e.target.value))}
            className="rounded border border-slate-300 bg-white px-2 py-1"
          >
            {pageSizes.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      ) : null}
    </nav>
  );
}
