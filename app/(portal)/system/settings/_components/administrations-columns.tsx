import type { ColumnDef } from "@tanstack/react-table";
import type { useTranslations } from "next-intl";
import { actionsColumn } from "@/components/ui/actions-column";
import type { RowMenu } from "@/components/ui/data-table";
import { LinkState } from "@/components/ui/link-state";
import { type LoginState, loginStateParts } from "@/lib/i18n/describe-login-state";
import { formatDateTime } from "@/lib/i18n/format-date";
import type { Locale } from "@/lib/i18n/locales";
import type { AdministrationRow } from "./settings-rows";

/** What can be done with an administration: edit, test its connection, delete. */
export type AdministrationHandlers = {
  pending: boolean;
  edit: (row: AdministrationRow) => void;
  test: (row: AdministrationRow) => void;
  remove: (row: AdministrationRow) => void;
};

/** An administration's actions, for its right-click menu and its Acties column alike. */
export function administrationMenu(
  t: ReturnType<typeof useTranslations>,
  on: AdministrationHandlers,
): RowMenu<AdministrationRow> {
  return {
    name: (a) => a.description,
    items: (a) => [
      { label: t("oauthLogins.edit"), onSelect: () => on.edit(a) },
      // Without a login there is nothing to test.
      { label: t("settings.testConnection"), disabled: on.pending || !a.oauthLoginId, onSelect: () => on.test(a) },
      { label: t("oauthLogins.activity"), href: `/system/settings/administrations/${a.id}/activity` },
      { label: t("oauthLogins.delete"), danger: true, onSelect: () => on.remove(a) },
    ],
  };
}

/** The administration's login's state, as on the OAuth logins grid. */
function LoginLinkState({
  t,
  state,
  locale,
}: {
  t: ReturnType<typeof useTranslations>;
  state: LoginState;
  locale: Locale;
}) {
  const parts = loginStateParts(t, state, locale);
  return <LinkState state={state.status} word={parts.word} detail={parts.detail} long={parts.hasReason} />;
}

/** The administrations grid's columns; `menu` (the Acties) only for those who may change settings. */
export function administrationsColumns({
  t,
  locale,
  menu,
}: {
  t: ReturnType<typeof useTranslations>;
  locale: Locale;
  menu: RowMenu<AdministrationRow> | null;
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
          <span className="flex flex-col items-start gap-1">
            {row.original.oauthLogin}
            {row.original.oauthLoginState ? (
              <LoginLinkState t={t} state={row.original.oauthLoginState} locale={locale} />
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
              <span className="block text-xs">{t(`errors.${last.message}`, { until: "", ...last.values })}</span>
            ) : null}
          </span>
        );
      },
    },
  ];
  return menu ? [...cols, actionsColumn(t("oauthLogins.columns.actions"), menu)] : cols;
}
