import type { ColumnDef } from "@tanstack/react-table";
import type { useTranslations } from "next-intl";
import { actionsColumn } from "@/components/ui/actions-column";
import type { RowMenu } from "@/components/ui/data-table";
import { ROLES, type Role } from "@/lib/auth/permissions";
import { formatDateTime } from "@/lib/i18n/format-date";
import type { Locale } from "@/lib/i18n/locales";
import type { UserChange } from "./confirm-user-change";
import type { UserRow } from "./user-row";

/**
 * A user's actions, for the right-click menu and the Acties column: another role (in the menu;
 * the grid has its select), blocking or unblocking, a new password. Each is asked first
 * (`ask`). Your own row offers no Blokkeren: the portal would refuse it anyway (you cannot lock
 * yourself out), and an offer that is refused after asking is a trap.
 */
export function userMenu({
  t,
  pending,
  currentUserId,
  ask,
}: {
  t: ReturnType<typeof useTranslations>;
  pending: boolean;
  currentUserId: string;
  ask: (change: UserChange) => void;
}): RowMenu<UserRow> {
  return {
    name: (user) => user.name,
    items: (user) => [
      ...ROLES.filter((r) => r !== user.role).map((role) => ({
        label: t("users.roleTo", { role: t(`header.roles.${role}`) }),
        disabled: pending,
        menuOnly: true,
        onSelect: () => ask({ kind: "role", user, role }),
      })),
      ...(user.id === currentUserId
        ? []
        : [
            {
              label: user.disabled ? t("users.enable") : t("users.disable"),
              danger: !user.disabled,
              disabled: pending,
              onSelect: () => ask({ kind: "access", user }),
            },
          ]),
      {
        label: t("users.resetPassword"),
        danger: true,
        disabled: pending,
        onSelect: () => ask({ kind: "password", user }),
      },
    ],
  };
}

/**
 * The users grid's columns: the role (a select that keeps showing the role the user has until
 * the change is confirmed and made), and the Acties of `menu`.
 */
export function usersColumns({
  t,
  locale,
  currentUserId,
  pending,
  ask,
  menu,
}: {
  t: ReturnType<typeof useTranslations>;
  locale: Locale;
  currentUserId: string;
  pending: boolean;
  ask: (change: UserChange) => void;
  menu: RowMenu<UserRow>;
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
    actionsColumn(t("users.actions"), menu),
  ];
}
