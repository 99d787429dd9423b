import type { ColumnDef } from "@tanstack/react-table";
import type { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { formatDate, formatDateTime } from "@/lib/i18n/format-date";
import type { Locale } from "@/lib/i18n/locales";
import type { ApiKeyRow } from "./api-key-row";

/** The API-sleutels grid's columns: what a key is, who made it, how it is used, and Intrekken. */
export function apiKeysColumns({
  t,
  locale,
  pending,
  revoke,
}: {
  t: ReturnType<typeof useTranslations>;
  locale: Locale;
  pending: boolean;
  revoke: (row: ApiKeyRow) => void;
}): ColumnDef<ApiKeyRow>[] {
  const dateTime = (v: string | null) => (v ? formatDateTime(new Date(v), locale) : t("apiKeys.never"));
  return [
    { accessorKey: "name", header: t("apiKeys.columns.name") },
    {
      accessorKey: "prefix",
      header: t("apiKeys.columns.prefix"),
      cell: ({ row }) => <code className="text-xs">kop_{row.original.prefix}_…</code>,
    },
    { accessorKey: "createdByName", header: t("apiKeys.columns.createdBy") },
    {
      accessorKey: "createdAt",
      header: t("apiKeys.columns.createdAt"),
      cell: ({ row }) => dateTime(row.original.createdAt),
    },
    {
      accessorKey: "expiresAt",
      header: t("apiKeys.columns.expiresAt"),
      cell: ({ row }) =>
        row.original.expiresAt ? formatDate(new Date(row.original.expiresAt), locale) : t("apiKeys.never"),
    },
    {
      accessorKey: "lastUsedAt",
      header: t("apiKeys.columns.lastUsedAt"),
      cell: ({ row }) => <span data-testid="last-used">{dateTime(row.original.lastUsedAt)}</span>,
    },
    {
      accessorKey: "callCount",
      header: t("apiKeys.columns.callCount"),
      meta: { className: "text-right tabular-nums" },
      cell: ({ row }) => <span data-testid="call-count">{row.original.callCount}</span>,
    },
    {
      id: "status",
      header: t("apiKeys.columns.status"),
      accessorFn: (r) => r.revokedAt ?? (r.expired ? "expired" : ""),
      cell: ({ row }) => (
        <span data-testid="key-status">
          {row.original.revokedAt
            ? t("apiKeys.revokedAt", { when: formatDateTime(new Date(row.original.revokedAt), locale) })
            : row.original.expired
              ? t("apiKeys.expired")
              : t("apiKeys.active")}
        </span>
      ),
    },
    {
      id: "actions",
      header: t("apiKeys.columns.actions"),
      enableSorting: false,
      cell: ({ row }) =>
        row.original.revokedAt ? null : (
          <Button
            variant="danger"
            disabled={pending}
            aria-label={t("apiKeys.revokeNamed", { name: row.original.name })}
            onClick={() => revoke(row.original)}
          >
            {t("apiKeys.revoke")}
          </Button>
        ),
    },
  ];
}
