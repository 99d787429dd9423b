"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { useLocale, useTranslations } from "next-intl";
import { useMemo, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import { ROLES, type Role } from "@/lib/auth/permissions";
import type { ActionResult } from "@/lib/forms/action-result";
import { applyActionResult } from "@/lib/forms/apply-action-result";
import { formatDateTime } from "@/lib/i18n/format-date";
import { resolveLocale } from "@/lib/i18n/locales";
import { translateMessage } from "@/lib/i18n/translate-message";
import { resetUserPasswordAction, setUserDisabledAction, setUserRoleAction } from "../actions";
import type { UserRow } from "./user-row";
import type { Notice } from "./users-screen";

export function UsersTable({
  users,
  currentUserId,
  onNotice,
}: {
  users: UserRow[];
  currentUserId: string;
  onNotice: (n: Notice) => void;
}) {
  const t = useTranslations();
  const locale = resolveLocale(useLocale());
  const [pending, startTransition] = useTransition();

  const columns = useMemo<ColumnDef<UserRow>[]>(() => {
    const report = (result: ActionResult<unknown>, success: string) => {
      if (result.ok) return onNotice({ kind: "success", text: success });
      onNotice({ kind: "error", text: translateMessage(t, applyActionResult(result), result.values) });
    };
    const run = (fn: () => Promise<ActionResult<unknown>>, success: string) =>
      startTransition(async () => report(await fn(), success));
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
            defaultValue={row.original.role}
            key={row.original.role}
            disabled={pending}
            onChange={(e) =>
              run(() => setUserRoleAction({ userId: row.original.id, role: e.target.value as Role }), t("users.saved"))
            }
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
        header: t("users.actions"),
        cell: ({ row }) => (
          <div className="flex flex-wrap gap-2">
            <Button
              variant={row.original.disabled ? "secondary" : "danger"}
              disabled={pending}
              onClick={() =>
                run(
                  () => setUserDisabledAction({ userId: row.original.id, disabled: !row.original.disabled }),
                  t("users.saved"),
                )
              }
            >
              {row.original.disabled ? t("users.enable") : t("users.disable")}
            </Button>
            <Button
              variant="secondary"
              disabled={pending}
              onClick={() =>
                startTransition(async () => {
                  const result = await resetUserPasswordAction({ userId: row.original.id });
                  if (result.ok) {
                    onNotice({
                      kind: "success",
                      text: t("users.passwordOnce", { email: row.original.email, password: result.data.password }),
                    });
                  } else report(result, "");
                })
              }
            >
              {t("users.resetPassword")}
            </Button>
          </div>
        ),
      },
    ];
  }, [t, locale, currentUserId, pending, onNotice]);

  return (
    <DataTable rows={users} columns={columns} rowKey={(r) => r.id} rowAttributes={(r) => ({ "data-email": r.email })} />
  );
}
