"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { useLocale, useTranslations } from "next-intl";
import { useMemo, useState, useTransition } from "react";
import { DataTable, newMenu } from "@/components/ui/data-table";
import { useClientTable } from "@/components/ui/use-client-table";
import { resolveLocale } from "@/lib/i18n/locales";
import { ConfirmUserChange, type UserChange } from "./confirm-user-change";
import type { Notice } from "./notice";
import type { ShownPassword } from "./password-once-dialog";
import type { UserRow } from "./user-row";
import { userMenu, usersColumns } from "./users-columns";

export function UsersTable({
  users,
  currentUserId,
  onNew,
  onNotice,
  onPassword,
}: {
  users: UserRow[];
  currentUserId: string;
  /** Nieuwe gebruiker: opens the create form. */
  onNew: () => void;
  onNotice: (n: Notice) => void;
  /** A password the portal just made, to show once. */
  onPassword: (shown: ShownPassword) => void;
}) {
  const t = useTranslations();
  const locale = resolveLocale(useLocale());
  const [pending, startTransition] = useTransition();
  const [asking, setAsking] = useState<UserChange | null>(null);

  const menu = useMemo(() => userMenu({ t, pending, currentUserId, ask: setAsking }), [t, pending, currentUserId]);
  const columns = useMemo<ColumnDef<UserRow>[]>(
    () => usersColumns({ t, locale, currentUserId, pending, ask: setAsking, menu }),
    [t, locale, currentUserId, pending, menu],
  );

  const table = useClientTable(users, columns);
  return (
    <>
      <DataTable
        table={table}
        label={t("users.title")}
        area={{ label: t("users.title"), testId: "users-grid" }}
        rowAttributes={(r) => ({ "data-email": r.email })}
        rowMenu={menu}
        menu={newMenu(t("users.title"), t("users.new"), onNew)}
        empty={t("users.empty")}
      />
      {asking ? (
        <ConfirmUserChange
          change={asking}
          onClose={() => setAsking(null)}
          onNotice={onNotice}
          onPassword={onPassword}
          run={(action) => startTransition(action)}
        />
      ) : null}
    </>
  );
}
