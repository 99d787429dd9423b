"use client";

import { type ColumnDef, flexRender, getCoreRowModel, type SortingState, useReactTable } from "@tanstack/react-table";
import { useQueryStates } from "nuqs";
import { type FormEvent, useTransition } from "react";
import { overviewParsers, PAGE_SIZES, SORT_COLUMNS, type SortColumn } from "@/lib/overview/overview-params";

/** A row as the server renders it: every cell already in words. */
export type OverviewTableRow = {
  id: string;
  code: string | null;
  division: string;
  administration: string;
  oauthLogin: string;
  site: string;
  exactDivision: string;
  state: string;
  stateKey: string;
  lastCheck: string;
};

export type OverviewTableLabels = {
  columns: Record<SortColumn, string>;
  sortAscending: string;
  sortDescending: string;
  table: string;
  paging: string;
  previous: string;
  next: string;
  pageSize: string;
  search: string;
  searchButton: string;
  filters: { state: string; login: string; administration: string; site: string; all: string; clear: string };
  noRows: string;
};

type Option = { value: string; label: string };

/**
 * The overview's table: sorting, paging and filters live in the URL (nuqs), the server sorts
 * and pages (TanStack with manualSorting and manualPagination). Sort headers are buttons and
 * paging is buttons, so the keyboard reaches all of it; history entries make back/forward work.
 */
export function OverviewTable({
  rows,
  total,
  page,
  pageText,
  labels,
  states,
  logins,
  administrations,
  sites,
}: {
  rows: OverviewTableRow[];
  total: number;
  page: number;
  pageText: string;
  labels: OverviewTableLabels;
  states: Option[];
  logins: Option[];
  administrations: Option[];
  sites: Option[];
}) {
  const [pending, startTransition] = useTransition();
  const [params, setParams] = useQueryStates(overviewParsers, { shallow: false, history: "push", startTransition });
  const pages = Math.max(1, Math.ceil(total / params.size));
  const sorting: SortingState = [{ id: params.sort, desc: params.dir === "desc" }];
  const columns: ColumnDef<OverviewTableRow>[] = SORT_COLUMNS.map((id) => ({
    id,
    header: labels.columns[id],
    cell: ({ row }) => row.original[id],
  }));
  const table = useReactTable({
    data: rows,
    columns,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (r) => r.id,
    manualSorting: true,
    manualPagination: true,
    manualFiltering: true,
    pageCount: pages,
    state: { sorting, pagination: { pageIndex: page - 1, pageSize: params.size } },
  });
  const sortBy = (id: SortColumn) =>
    setParams({ sort: id, dir: params.sort === id && params.dir === "asc" ? "desc" : "asc", page: null });
  // The select's values come from the server's own lists; the parsers check them again.
  const filter = (values: Partial<Record<"state" | "login" | "admin" | "site", string | null>>) =>
    setParams({ ...values, page: null } as Parameters<typeof setParams>[0]);
  const onSearch = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const q = String(new FormData(e.currentTarget).get("q") ?? "").trim();
    setParams({ q: q || null, page: null });
  };
  const select = (name: string, label: string, value: string | null, options: Option[], key: string) => (
    <label className="flex flex-col gap-1 text-sm">
      <span className="text-slate-600">{label}</span>
      <select
        name={name}
        value={value ?? ""}
        onChange={(e) => filter({ [key]: e.target.value || null })}
        className="rounded border border-slate-300 bg-white px-2 py-1"
      >
        <option value="">{labels.filters.all}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <div className="flex flex-col gap-3" aria-busy={pending}>
      <div className="flex flex-wrap items-end gap-3">
        <search>
          <form onSubmit={onSearch} className="flex items-end gap-2" key={params.q}>
            <label className="flex flex-col gap-1 text-sm">
              <span className="text-slate-600">{labels.search}</span>
              <input
                type="search"
                name="q"
                defaultValue={params.q}
                className="w-64 rounded border border-slate-300 px-2 py-1"
              />
            </label>
            <button type="submit" className="rounded border border-slate-300 bg-white px-3 py-1 text-sm">
              {labels.searchButton}
            </button>
          </form>
        </search>
        {select("state", labels.filters.state, params.state, states, "state")}
        {select("login", labels.filters.login, params.login || null, logins, "login")}
        {select("admin", labels.filters.administration, params.admin || null, administrations, "admin")}
        {select("site", labels.filters.site, params.site, sites, "site")}
        <button
          type="button"
          className="rounded border border-slate-300 bg-white px-3 py-1 text-sm"
          onClick={() => setParams({ state: null, login: null, admin: null, site: null, q: null, page: null })}
        >
          {labels.filters.clear}
        </button>
      </div>
      <table aria-label={labels.table} className="w-full border-collapse bg-white text-sm">
        <thead>
          {table.getHeaderGroups().map((g) => (
            <tr key={g.id} className="border-b border-slate-200 text-left text-slate-600">
              {g.headers.map((h) => {
                const id = h.column.id as SortColumn;
                const sorted = params.sort === id ? params.dir : null;
                return (
                  <th
                    key={h.id}
                    className="px-3 py-2 font-medium"
                    aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : "none"}
                  >
                    <button
                      type="button"
                      onClick={() => sortBy(id)}
                      className="flex items-center gap-1 hover:underline"
                      title={sorted === "asc" ? labels.sortDescending : labels.sortAscending}
                    >
                      {flexRender(h.column.columnDef.header, h.getContext())}
                      <span aria-hidden="true">{sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : ""}</span>
                    </button>
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) => (
            <tr
              key={row.id}
              data-division={row.original.code ?? undefined}
              data-state={row.original.stateKey}
              className="border-b border-slate-100"
            >
              {row.getVisibleCells().map((cell) => (
                <td key={cell.id} className="px-3 py-2">
                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                </td>
              ))}
            </tr>
          ))}
          {rows.length === 0 ? (
            <tr>
              <td colSpan={SORT_COLUMNS.length} className="px-3 py-4 text-slate-600">
                {labels.noRows}
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
      <nav aria-label={labels.paging} className="flex flex-wrap items-center gap-3 text-sm">
        <button
          type="button"
          disabled={page <= 1}
          onClick={() => setParams({ page: page - 1 <= 1 ? null : page - 1 })}
          className="rounded border border-slate-300 bg-white px-3 py-1 disabled:opacity-50"
        >
          {labels.previous}
        </button>
        <span data-testid="overview-page">{pageText}</span>
        <button
          type="button"
          disabled={page >= pages}
          onClick={() => setParams({ page: page + 1 })}
          className="rounded border border-slate-300 bg-white px-3 py-1 disabled:opacity-50"
        >
          {labels.next}
        </button>
        <label className="flex items-center gap-2">
          <span>{labels.pageSize}</span>
          <select
            value={params.size}
            onChange={(e) => setParams({ size: Number(e.target.value) as (typeof PAGE_SIZES)[number], page: null })}
            className="rounded border border-slate-300 bg-white px-2 py-1"
          >
            {PAGE_SIZES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      </nav>
    </div>
  );
}
