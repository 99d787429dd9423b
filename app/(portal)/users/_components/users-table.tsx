"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { useLocale, useTranslations } from "next-intl";
import { useMemo, useTransition } from "react";
import { DataTable } from "@/components/ui/data-table";
import { useClientTable } from "@/components/ui/use-client-table";
import type { ActionResult } from "@/lib/forms/action-result";
import { applyActionResult } from "@/lib/forms/apply-action-result";
import { resolveLocale } from "@/lib/i18n/locales";
import { translateMessage } from "@/lib/i18n/translate-message";
import { resetUserPasswordAction } from "../actions";
import type { UserRow } from "./user-row";
import { usersColumns } from "./users-columns";
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
    const resetPassword = (user: UserRow) =>
      startTransition(async () => {
        const result = await resetUserPasswordAction({ userId: user.id });
        if (result.ok) {
          onNotice({
            kind: "success",
            text: t("users.passwordOnce", { email: user.email, password: result.data.password }),
          });
        } else report(result, "");
      });
    return usersColumns({ t, locale, currentUserId, pending, run, resetPassword });
  }, [t, locale, currentUserId, pending, onNotice]);

  const table = useClientTable(users, columns);
  return <DataTable table={table} rowAttributes={(r) => ({ "data-email": r.email })} />;
}
