"use client";

import { useTranslations } from "next-intl";
import { ShownOnceDialog } from "@/components/ui/shown-once-dialog";

/** A password the portal made for someone, to show this once. */
export type ShownPassword = { name: string; email: string; password: string };

/** The generated password, shown this once. */
export function PasswordOnceDialog({ shown, onClose }: { shown: ShownPassword; onClose: () => void }) {
  const t = useTranslations("users");
  return (
    <ShownOnceDialog
      title={t("passwordTitle", { name: shown.name })}
      intro={
        <p id="password-once-text" className="text-sm">
          {t("passwordShownOnce", { name: shown.name, email: shown.email })}
        </p>
      }
      introId="password-once-text"
      inputId="password-once"
      label={t("passwordLabel")}
      value={shown.password}
      labels={{ copy: t("copy"), copied: t("copied"), copySelect: t("copySelect"), close: t("close") }}
      onClose={onClose}
    />
  );
}
