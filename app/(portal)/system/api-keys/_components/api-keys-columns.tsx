import type { ColumnDef } from "@tanstack/react-table";
import type { useTranslations } from "next-intl";
import { actionsColumn } from "@/components/ui/actions-column";
import type { RowMenu } from "@/components/ui/data-table";
import { formatDate, formatDateTime } from "@/lib/i18n/format-date";
import type { Locale } from "@/lib/i18n/locales";
import type { ApiKeyRow } from "./api-key-row";

/** A key's actions, for its right-click menu and its Acties column alike: Intrekken, while it is not. */
export function apiKeyMenu(
  t: ReturnType<typeof useTranslations>,
  on: { pending: boolean; revoke: (row: ApiKeyRow) => void },
): RowMenu<ApiKeyRow> {
  return {
    name: (key) => key.name,
    items: (key) =>
      key.revokedAt
        ? []
        : [{ label: t("apiKeys.revoke"), danger: true, disabled: on.pending, onSelect: () => on.revoke(key) }],
  };
}

/** The API-sleutels grid's columns: what a key is, who made it, how it is used, and Intrekken. */
export function apiKeysColumns({
  t,
  locale,
  menu,
}: {
  t: ReturnType<typeof useTranslations>;
  locale: Locale;
  menu: RowMenu<ApiKeyRow>;
}): ColumnDef<ApiKeyRow>[] {
  const dateTime = (v: string | null) => (v ? formatDateTime(new Date(v), locale) : t("apiKeys.never"));
  return [
    { accessorKey: "name", header: t("apiKeys.columns.name") },
    {
      accessorKey: "prefix",
      header: t("apiKeys.columns.prefix"),
      cell: ({ row }) => <code className="text-xs">kop_{row.original.prefix}_…</code>,
    },
    {
      accessorKey: "scope",
      header: t("apiKeys.columns.scope"),
      cell: ({ row }) => <span data-testid="key-scope">{t(`apiKeys.scopeShort.${row.original.scope}`)}</span>,
    },
    {
      accessorKey: "createdByName",
      header: t("apiKeys.columns.createdBy"),
      cell: ({ row }) =>
        // A key of `npm run apikey:create` follows no one: said so, rather than the name it was stored with ("cli").
        row.original.madeByTool ? t("apiKeys.madeByTool") : row.original.createdByName,
    },
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
      accessorKey: "refusedCount",
      header: t("apiKeys.columns.refusedCount"),
      meta: { className: "text-right tabular-nums" },
      cell: ({ row }) => (
        <span
          data-testid="refused-count"
          title={
            row.original.lastRefusedAt
              ? t("apiKeys.lastRefusedAt", { at: dateTime(row.original.lastRefusedAt) })
              : undefined
          }
        >
          {row.original.refusedCount}
        </span>
      ),
    },
    {
      id: "status",
      header: t("apiKeys.columns.status"),
      accessorFn: (r) => r.revokedAt ?? (r.expired ? "expired" : (r.creatorStop ?? "")),
      cell: ({ row }) => (
        <span data-testid="key-status">
          {row.original.revokedAt
            ? t("apiKeys.revokedAt", { when: formatDateTime(new Date(row.original.revokedAt), locale) })
            : row.original.expired
              ? t("apiKeys.expired")
              : row.original.creatorStop
                ? t(`apiKeys.creatorStop.${row.original.creatorStop}`, { name: row.original.createdByName })
                : t("apiKeys.active")}
        </span>
      ),
    },
    actionsColumn(t("apiKeys.columns.actions"), menu),
  ];
}
