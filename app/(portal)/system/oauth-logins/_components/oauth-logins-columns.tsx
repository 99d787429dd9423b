import type { ColumnDef } from "@tanstack/react-table";
import type { useTranslations } from "next-intl";
import { actionsColumn } from "@/components/ui/actions-column";
import type { RowMenu } from "@/components/ui/data-table";
import { LinkState } from "@/components/ui/link-state";
import { loginStateParts } from "@/lib/i18n/describe-login-state";
import { formatDate } from "@/lib/i18n/format-date";
import type { Locale } from "@/lib/i18n/locales";
import type { OAuthLoginRow } from "./oauth-login-row";

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
      { label: t("oauthLogins.activity"), href: `/system/oauth-logins/${login.id}/activity` },
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
      cell: ({ row }) => {
        const parts = loginStateParts(t, row.original, locale);
        return <LinkState state={row.original.status} word={parts.word} detail={parts.detail} long={parts.hasReason} />;
      },
    },
    {
      accessorKey: "loginExpiresAt",
      header: t("oauthLogins.columns.expires"),
      // A login that needs re-authorization has no expiry worth reading: the old future date
      // would look like a valid token.
      cell: ({ row }) =>
        row.original.status === "needs_reauth"
          ? t("oauthLogins.expiresNeedsReauth")
          : row.original.loginExpiresAt
            ? formatDate(new Date(row.original.loginExpiresAt), locale)
            : "—",
    },
  ];
  return menu ? [...base, actionsColumn(t("oauthLogins.columns.actions"), menu)] : base;
}
