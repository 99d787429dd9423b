"use client";

import {
  functionalUpdate,
  getCoreRowModel,
  type PaginationState,
  type SortingState,
  useReactTable,
} from "@tanstack/react-table";
import { useQueryStates } from "nuqs";
import { useMemo, useTransition } from "react";
import { DataTable } from "@/components/ui/data-table";
import { DataTablePager } from "@/components/ui/data-table-pager";
import { overviewParsers, PAGE_SIZES, type SortColumn } from "@/lib/schemas/overview-params";
import { overviewColumns } from "./overview-columns";
import { OverviewFilters, type OverviewFiltersLabels } from "./overview-filters";
import type { OverviewTableRow } from "./overview-table-row";

export type OverviewTableLabels = OverviewFiltersLabels & {
  columns: Record<SortColumn, string>;
  sortAscending: string;
  sortDescending: string;
  table: string;
  paging: string;
  previous: string;
  next: string;
  pageSize: string;
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
  pageCount,
  page,
  pageText,
  labels,
  states,
  logins,
  administrations,
  sites,
}: {
  rows: OverviewTableRow[];
  /** How many pages there are (or, past a search's count cap, how many are known to be). */
  pageCount: number;
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
  const columns = useMemo(() => overviewColumns(labels.columns), [labels.columns]);
  const sorting: SortingState = [{ id: params.sort, desc: params.dir === "desc" }];
  const pagination: PaginationState = { pageIndex: page - 1, pageSize: params.size };
  const table = useReactTable({
    data: rows,
    columns,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (r) => r.id,
    manualSorting: true,
    manualPagination: true,
    manualFiltering: true,
    sortDescFirst: false,
    enableSortingRemoval: false,
    enableMultiSort: false,
    pageCount,
    state: { sorting, pagination },
    onSortingChange: (updater) => {
      const [next] = functionalUpdate(updater, sorting);
      if (next) setParams({ sort: next.id as SortColumn, dir: next.desc ? "desc" : "asc", page: null });
    },
    onPaginationChange: (updater) => {
      const next = functionalUpdate(updater, pagination);
      if (next.pageSize !== pagination.pageSize) {
        setParams({ size: next.pageSize as (typeof PAGE_SIZES)[number], page: null });
      } else setParams({ page: next.pageIndex < 1 ? null : next.pageIndex + 1 });
    },
  });

  return (
    <div aria-busy={pending}>
      <DataTable
        table={table}
        label={labels.table}
        sortTitles={{ ascending: labels.sortAscending, descending: labels.sortDescending }}
        rowAttributes={(r) => ({ "data-division": r.code ?? undefined, "data-state": r.stateKey })}
        empty={labels.noRows}
        toolbar={
          <OverviewFilters
            labels={labels}
            values={{
              state: params.state,
              login: params.login || null,
              admin: params.admin || null,
              site: params.site,
              q: params.q,
            }}
            options={{ state: states, login: logins, admin: administrations, site: sites }}
            // The select's values come from the server's own lists; the parsers check them again.
            onFilter={(key, value) => setParams({ [key]: value, page: null } as Parameters<typeof setParams>[0])}
            onSearch={(q, history) => setParams({ q: q || null, page: null }, { history })}
            onClear={() => setParams({ state: null, login: null, admin: null, site: null, q: null, page: null })}
          />
        }
        footer={
          <DataTablePager
            table={table}
            labels={labels}
            pageText={pageText}
            pageTestId="overview-page"
            pageSizes={PAGE_SIZES}
          />
        }
      />
    </div>
  );
}
