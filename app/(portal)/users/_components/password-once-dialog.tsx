"use client";

import { useTranslations } from "next-intl";
import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { ModalDialog } from "@/components/ui/modal-dialog";

/** A password the portal made for someone, to show this once. */
export type ShownPassword = { name: string; email: string; password: string };

/**
 * The generated password, shown this once: it lives only in this dialog's props, never in
 * the page after it closes. Kopiëren puts it on the clipboard (where the browser refuses, the
 * text is selected for Ctrl+C); Sluiten or Escape forgets it.
 */
export function PasswordOnceDialog({ shown, onClose }: { shown: ShownPassword; onClose: () => void }) {
  const t = useTranslations("users");
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<"yes" | "select" | null>(null);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(shown.password);
      setCopied("yes");
    } catch {
      input.current?.select();
      setCopied("select");
    }
  };

  return (
    <ModalDialog title={t("passwordTitle", { name: shown.name })} onClose={onClose}>
      <div className="flex flex-col gap-4">
        <p id="password-once-text" className="text-sm">
          {t("passwordShownOnce", { name: shown.name, email: shown.email })}
        </p>
        <div className="flex flex-col gap-1">
          <label htmlFor="password-once" className="text-sm font-medium text-slate-700">
            {t("passwordLabel")}
          </label>
          <input
            id="password-once"
            ref={input}
            readOnly
            value={shown.password}
            aria-describedby="password-once-text"
            onFocus={(e) => e.currentTarget.select()}
            spellCheck={false}
            className="rounded border border-slate-300 bg-slate-50 px-2 py-1.5 font-mono text-sm"
          />
        </div>
        <p aria-live="polite" className="min-h-5 text-xs text-slate-600">
          {copied === "yes" ? t("copied") : copied === "select" ? t("copySelect") : null}
        </p>
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={copy}>
            {t("copy")}
          </Button>
          <Button onClick={onClose}>{t("close")}</Button>
        </div>
      </div>
    </ModalDialog>
  );
}
