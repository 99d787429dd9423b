import type { ColumnDef } from "@tanstack/react-table";
import type { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { ROLES, type Role } from "@/lib/auth/permissions";
import { formatDateTime } from "@/lib/i18n/format-date";
import type { Locale } from "@/lib/i18n/locales";
import type { UserChange } from "./confirm-user-change";
import type { UserRow } from "./user-row";

/**
 * The users grid's columns: the role, blocking and the password reset act on the row. A
 * role or block is asked first (`ask`); the select keeps showing the role the user has until
 * the change is confirmed and made.
 */
export function usersColumns({
  t,
  locale,
  currentUserId,
  pending,
  ask,
  resetPassword,
}: {
  t: ReturnType<typeof useTranslations>;
  locale: Locale;
  currentUserId: string;
  pending: boolean;
  ask: (change: UserChange) => void;
  resetPassword: (row: UserRow) => void;
}): ColumnDef<UserRow>[] {
  return [
    {
      accessorKey: "name",
      header: t("users.name"),
      cell: ({ row }) => (
        <span>
          {row.original.name} {row.original.id === currentUserId ? t("users.you") : null}
        </span>
      ),
    },
    { accessorKey: "email", header: t("users.email") },
    {
      accessorKey: "role",
      header: t("users.role"),
      cell: ({ row }) => (
        <select
          aria-label={t("users.roleFor", { name: row.original.name })}
          className="rounded border border-slate-300 bg-white px-2 py-1 text-sm"
          value={row.original.role}
          disabled={pending}
          onChange={(e) => ask({ kind: "role", user: row.original, role: e.target.value as Role })}
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`header.roles.${r}`)}
            </option>
          ))}
        </select>
      ),
    },
    {
      id: "status",
      header: t("users.status"),
      cell: ({ row }) => (
        <span>
          {row.original.disabled ? t("users.disabled") : t("users.active")}
          {row.original.mustChangePassword ? (
            <span className="block text-xs text-slate-500">{t("users.mustChange")}</span>
          ) : null}
        </span>
      ),
    },
    {
      accessorKey: "lastSignInAt",
      header: t("users.lastSignIn"),
      cell: ({ row }) =>
        row.original.lastSignInAt ? formatDateTime(new Date(row.original.lastSignInAt), locale) : t("users.never"),
    },
    {
      id: "actions",
      enableSorting: false,
      header: t("users.actions"),
      cell: ({ row }) => (
        <div className="flex flex-wrap gap-2">
          <Button
            variant={row.original.disabled ? "secondary" : "danger"}
            disabled={pending}
            onClick={() => ask({ kind: "access", user: row.original })}
          >
            {row.original.disabled ? t("users.enable") : t("users.disable")}
          </Button>
          <Button variant="secondary" disabled={pending} onClick={() => resetPassword(row.original)}>
            {t("users.resetPassword")}
          </Button>
        </div>
      ),
    },
  ];
}
