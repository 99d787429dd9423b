"use client";

import { useTranslations } from "next-intl";
import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { ModalDialog } from "@/components/ui/modal-dialog";
import type { CreatedKey } from "./create-api-key-dialog";

/**
 * The new key, shown this once: the portal keeps only its hash. Kopiëren puts it on the
 * clipboard (where the browser refuses, the text is selected for Ctrl+C); Sluiten forgets it.
 */
export function NewKeyDialog({ created, onClose }: { created: CreatedKey; onClose: () => void }) {
  const t = useTranslations("apiKeys");
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<"yes" | "select" | null>(null);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(created.key);
      setCopied("yes");
    } catch {
      input.current?.select();
      setCopied("select");
    }
  };

  return (
    <ModalDialog title={t("createdTitle", { name: created.name })} onClose={onClose}>
      <div className="flex flex-col gap-4">
        <FormMessage kind="success">{t("shownOnce")}</FormMessage>
        <div className="flex flex-col gap-1">
          <label htmlFor="new-api-key" className="text-sm font-medium text-slate-700">
            {t("keyLabel")}
          </label>
          <input
            id="new-api-key"
            ref={input}
            readOnly
            value={created.key}
            onFocus={(e) => e.currentTarget.select()}
            className="rounded border border-slate-300 bg-slate-50 px-2 py-1.5 font-mono text-xs"
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
