import type { ColumnDef } from "@tanstack/react-table";
import type { useTranslations } from "next-intl";
import { actionsColumn } from "@/components/ui/actions-column";
import type { RowMenu } from "@/components/ui/data-table";
import { describeLoginState } from "@/lib/i18n/describe-login-state";
import { formatDate } from "@/lib/i18n/format-date";
import type { Locale } from "@/lib/i18n/locales";
import type { OAuthLoginRow } from "./oauth-login-row";

const STATUS_STYLE: Record<OAuthLoginRow["status"], string> = {
  pending: "bg-slate-100 text-slate-700",
  active: "bg-green-100 text-green-800",
  expiring: "bg-amber-100 text-amber-900",
  needs_reauth: "bg-red-100 text-red-800",
  error: "bg-red-100 text-red-800",
};

/** What can be done with a login: edit, test, (re)authorize, delete (for those who may change logins). */
export type OAuthLoginHandlers = {
  pending: boolean;
  edit: (login: OAuthLoginRow) => void;
  test: (login: OAuthLoginRow) => void;
  remove: (login: OAuthLoginRow) => void;
};

/** A login's actions, for its right-click menu and its Acties column alike. */
export function oauthLoginMenu(t: ReturnType<typeof useTranslations>, on: OAuthLoginHandlers): RowMenu<OAuthLoginRow> {
  return {
    name: (login) => login.description,
    items: (login) => [
      { label: t("oauthLogins.edit"), onSelect: () => on.edit(login) },
      ...(login.status === "pending"
        ? []
        : [{ label: t("oauthLogins.test"), disabled: on.pending, onSelect: () => on.test(login) }]),
      {
        label: login.status === "pending" ? t("oauthLogins.authorize") : t("oauthLogins.reauthorize"),
        href: `/api/exact/connect?login=${login.id}${login.status === "pending" ? "" : "&force=1"}`,
      },
      { label: t("oauthLogins.delete"), danger: true, onSelect: () => on.remove(login) },
    ],
  };
}

/** The OAuth logins grid's columns; `menu` (the Acties) only for those who may change logins. */
export function oauthLoginsColumns({
  t,
  locale,
  menu,
}: {
  t: ReturnType<typeof useTranslations>;
  locale: Locale;
  menu: RowMenu<OAuthLoginRow> | null;
}): ColumnDef<OAuthLoginRow>[] {
  const base: ColumnDef<OAuthLoginRow>[] = [
    { accessorKey: "description", header: t("oauthLogins.columns.description") },
    { accessorKey: "siteUrl", header: t("oauthLogins.columns.url") },
    {
      accessorKey: "exactUser",
      header: t("oauthLogins.columns.exactUser"),
      cell: ({ row }) => row.original.exactUser ?? "—",
    },
    {
      accessorKey: "status",
      header: t("oauthLogins.columns.status"),
      cell: ({ row }) => (
        <span>
          <span
            className={`rounded px-2 py-0.5 text-xs font-medium whitespace-nowrap ${STATUS_STYLE[row.original.status]}`}
            data-testid="status-badge"
          >
            {t(`oauthLogins.status.${row.original.status}`)}
          </span>
          <span className="mt-1 block text-xs text-slate-600" data-testid="login-state">
            {describeLoginState(t, row.original, locale)}
          </span>
        </span>
      ),
    },
    {
      accessorKey: "loginExpiresAt",
      header: t("oauthLogins.columns.expires"),
      cell: ({ row }) =>
        row.original.loginExpiresAt ? formatDate(new Date(row.original.loginExpiresAt), locale) : "—",
    },
  ];
  return menu ? [...base, actionsColumn(t("oauthLogins.columns.actions"), menu)] : base;
}
