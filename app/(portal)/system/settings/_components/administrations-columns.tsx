import type { ColumnDef } from "@tanstack/react-table";
import type { useTranslations } from "next-intl";
import { actionsColumn, type RowActions } from "@/components/ui/actions-column";
import { Button } from "@/components/ui/button";
import { describeLoginState } from "@/lib/i18n/describe-login-state";
import { formatDateTime } from "@/lib/i18n/format-date";
import type { Locale } from "@/lib/i18n/locales";
import type { AdministrationRow } from "./settings-rows";

/** The administrations grid's columns; `actions` only for those who may change settings. */
export function administrationsColumns({
  t,
  locale,
  actions,
}: {
  t: ReturnType<typeof useTranslations>;
  locale: Locale;
  actions: (RowActions<AdministrationRow> & { test: (row: AdministrationRow) => void }) | null;
}): ColumnDef<AdministrationRow>[] {
  const cols: ColumnDef<AdministrationRow>[] = [
    { accessorKey: "description", header: t("settings.columns.description") },
    {
      accessorKey: "type",
      header: t("settings.columns.type"),
      cell: ({ row }) => t(`settings.types.${row.original.type}`),
    },
    {
      accessorKey: "oauthLogin",
      header: t("settings.columns.oauthLogin"),
      cell: ({ row }) =>
        row.original.oauthLogin ? (
          <span>
            {row.original.oauthLogin}
            {row.original.oauthLoginState ? (
              <span className="ml-1 text-xs text-slate-500" data-testid="login-state">
                ({describeLoginState(t, row.original.oauthLoginState, locale)})
              </span>
            ) : null}
          </span>
        ) : (
          t("settings.none")
        ),
    },
    {
      accessorKey: "proxyHostPort",
      header: t("settings.columns.proxy"),
      cell: ({ row }) => row.original.proxyHostPort ?? t("settings.none"),
    },
    { accessorKey: "divisionCount", header: t("settings.columns.divisionCount") },
    {
      id: "lastTest",
      header: t("settings.columns.lastTest"),
      enableSorting: false,
      cell: ({ row }) => {
        const last = row.original.lastTest;
        if (!last) return t("settings.none");
        return (
          <span className={last.ok ? "text-green-800" : "text-red-800"}>
            {formatDateTime(new Date(last.at), locale)} ·{" "}
            {last.ok ? t("settings.testPassed") : t("settings.testFailed")}
            {!last.ok && last.message && t.has(`errors.${last.message}`) ? (
              <span className="block text-xs">{t(`errors.${last.message}`, { until: "" })}</span>
            ) : null}
          </span>
        );
      },
    },
  ];
  if (!actions) return cols;
  cols.push(
    actionsColumn(t, actions, (a) => (
      <Button variant="secondary" disabled={actions.pending || !a.oauthLoginId} onClick={() => actions.test(a)}>
        {t("settings.testConnection")}
      </Button>
    )),
  );
  return cols;
}
