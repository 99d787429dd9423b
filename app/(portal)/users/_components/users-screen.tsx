"use client";

import dynamic from "next/dynamic";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import type { Notice } from "./notice";
import { PasswordOnceDialog, type ShownPassword } from "./password-once-dialog";
import type { UserRow } from "./user-row";
import { UsersTable } from "./users-table";

// The create dialog (react-hook-form, zod and the schema) loads when Nieuwe gebruiker is clicked,
// not with the page.
const CreateUserDialog = dynamic(() => import("./create-user-dialog").then((m) => m.CreateUserDialog));

export function UsersScreen({ users, currentUserId }: { users: UserRow[]; currentUserId: string }) {
  const t = useTranslations("users");
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [shownPassword, setShownPassword] = useState<ShownPassword | null>(null);
  return (
    <div className="flex flex-col gap-4">
      <div aria-live="polite">{notice ? <FormMessage kind={notice.kind}>{notice.text}</FormMessage> : null}</div>
      <div>
        <Button onClick={() => setCreating(true)}>{t("new")}</Button>
      </div>
      <UsersTable
        users={users}
        currentUserId={currentUserId}
        onNew={() => setCreating(true)}
        onNotice={setNotice}
        onPassword={setShownPassword}
      />
      {creating ? (
        <CreateUserDialog
          onDone={(n, shown) => {
            setNotice(n);
            setCreating(false);
            if (shown) setShownPassword(shown);
          }}
          onCancel={() => setCreating(false)}
        />
      ) : null}
      {shownPassword ? <PasswordOnceDialog shown={shownPassword} onClose={() => setShownPassword(null)} /> : null}
    </div>
  );
}
