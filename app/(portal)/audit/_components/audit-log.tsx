"use client";

import { functionalUpdate, getCoreRowModel, type PaginationState, useReactTable } from "@tanstack/react-table";
import { useTranslations } from "next-intl";
import { useQueryStates } from "nuqs";
import { useMemo, useTransition } from "react";
import { DataTable } from "@/components/ui/data-table";
import { DataTablePager } from "@/components/ui/data-table-pager";
import { auditParsers } from "@/lib/audit/audit-params";
import type { FieldErrors } from "@/lib/forms/action-result";
import { auditColumns } from "./audit-columns";
import { AuditFilters } from "./audit-filters";
import type { AuditRow } from "./audit-row";

/**
 * The audit log: filters and page live in the URL (nuqs), the server filters and pages
 * (TanStack with manualPagination); history entries make back/forward work.
 */
export function AuditLog({
  rows,
  total,
  pageSize,
  users,
  periodError,
  periodMessage,
}: {
  rows: AuditRow[];
  total: number;
  pageSize: number;
  users: { id: string; label: string }[];
  /** The URL's period is wrong (reversed): the field errors, and the sentence shown instead of "no events". */
  periodError?: FieldErrors;
  periodMessage?: string;
}) {
  const t = useTranslations("audit");
  const [pending, startTransition] = useTransition();
  const [{ page, ...filter }, setParams] = useQueryStates(auditParsers, {
    shallow: false,
    history: "push",
    startTransition,
  });
  const columns = useMemo(() => auditColumns(t), [t]);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const pagination: PaginationState = { pageIndex: page - 1, pageSize };
  const table = useReactTable({
    data: rows,
    columns,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (r) => r.id,
    manualPagination: true,
    manualFiltering: true,
    pageCount: pages,
    state: { pagination },
    onPaginationChange: (updater) => {
      const next = functionalUpdate(updater, pagination);
      setParams({ page: next.pageIndex < 1 ? null : next.pageIndex + 1 });
    },
  });
  const pageText = t("page", { page, pages, total });
  return (
    <div aria-busy={pending}>
      <DataTable
        table={table}
        empty={periodMessage ?? t("empty")}
        toolbar={
          <AuditFilters
            key={JSON.stringify(filter)}
            users={users}
            values={filter}
            periodError={periodError}
            // Filteren always lands on page 1 of a URL with a query, as the plain GET form does.
            onApply={(f) => setParams({ ...f, page: 1 }, { clearOnDefault: false })}
          />
        }
        footer={
          rows.length ? (
            <DataTablePager
              table={table}
              labels={{ paging: t("paging"), previous: t("previous"), next: t("next") }}
              pageText={pageText}
            />
          ) : null
        }
      />
    </div>
  );
}
