import type { ColumnDef } from "@tanstack/react-table";
import type { useTranslations } from "next-intl";
import { actionsColumn, type RowActions } from "@/components/ui/actions-column";
import { Button } from "@/components/ui/button";
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

/** The OAuth logins grid's columns; `actions` only for those who may change logins. */
export function oauthLoginsColumns({
  t,
  locale,
  actions,
}: {
  t: ReturnType<typeof useTranslations>;
  locale: Locale;
  actions: (RowActions<OAuthLoginRow> & { test: (login: OAuthLoginRow) => void }) | null;
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
          <span className={`rounded px-2 py-0.5 text-xs font-medium ${STATUS_STYLE[row.original.status]}`}>
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
  if (!actions) return base;
  return [
    ...base,
    actionsColumn(t, actions, (login) => (
      <>
        {login.status === "pending" ? null : (
          <Button variant="secondary" disabled={actions.pending} onClick={() => actions.test(login)}>
            {t("oauthLogins.test")}
          </Button>
        )}
        <a
          href={`/api/exact/connect?login=${login.id}${login.status === "pending" ? "" : "&force=1"}`}
          className="inline-flex items-center rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-100"
        >
          {login.status === "pending" ? t("oauthLogins.authorize") : t("oauthLogins.reauthorize")}
        </a>
      </>
    )),
  ];
}
