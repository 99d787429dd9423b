"use client";

import { useTranslations } from "next-intl";
import { Button } from "./button";

/** Annuleren / Opslaan (or `saveLabel`, when the dialog makes something: "Gebruiker aanmaken") at the foot of a dialog's form. */
export function DialogActions({
  onCancel,
  pending,
  saveLabel,
}: {
  onCancel: () => void;
  pending: boolean;
  saveLabel?: string;
}) {
  const t = useTranslations("common");
  return (
    <div className="mt-2 flex justify-end gap-2">
      <Button variant="secondary" onClick={onCancel}>
        {t("cancel")}
      </Button>
      <Button type="submit" disabled={pending}>
        {saveLabel ?? t("save")}
      </Button>
    </div>
  );
}
