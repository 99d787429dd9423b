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

// The create form (react-hook-form, zod and the schema) loads when Nieuwe gebruiker is clicked,
// not with the page.
const CreateUserForm = dynamic(() => import("./create-user-form").then((m) => m.CreateUserForm));

export function UsersScreen({ users, currentUserId }: { users: UserRow[]; currentUserId: string }) {
  const t = useTranslations("users");
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [shownPassword, setShownPassword] = useState<ShownPassword | null>(null);
  return (
    <div className="flex flex-col gap-4">
      <div aria-live="polite">{notice ? <FormMessage kind={notice.kind}>{notice.text}</FormMessage> : null}</div>
      {creating ? (
        <CreateUserForm
          onDone={(n, shown) => {
            setNotice(n);
            setCreating(false);
            if (shown) setShownPassword(shown);
          }}
          onCancel={() => setCreating(false)}
        />
      ) : (
        <div>
          <Button onClick={() => setCreating(true)}>{t("new")}</Button>
        </div>
      )}
      <UsersTable
        users={users}
        currentUserId={currentUserId}
        onNew={() => setCreating(true)}
        onNotice={setNotice}
        onPassword={setShownPassword}
      />
      {shownPassword ? <PasswordOnceDialog shown={shownPassword} onClose={() => setShownPassword(null)} /> : null}
    </div>
  );
}
