"use client";

import { useTranslations } from "next-intl";
import { Button } from "./button";

/** Annuleren / Opslaan at the foot of a dialog's form. */
export function DialogActions({ onCancel, pending }: { onCancel: () => void; pending: boolean }) {
  const t = useTranslations("common");
  return (
    <div className="mt-2 flex justify-end gap-2">
      <Button variant="secondary" onClick={onCancel}>
        {t("cancel")}
      </Button>
      <Button type="submit" disabled={pending}>
        {t("save")}
      </Button>
    </div>
  );
}
