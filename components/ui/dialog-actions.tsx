"use client";

import { useTranslations } from "next-intl";
import { useContext } from "react";
import { Button } from "./button";
import { DialogCloseContext } from "./dialog-close-context";

/**
 * Annuleren / Opslaan (or `saveLabel`, when the dialog makes something: "Gebruiker aanmaken") at
 * the foot of a dialog's form. They stay in view at the dialog's bottom edge while a long form
 * scrolls inside a short (phone) screen. Annuleren goes through the dialog's own close, which
 * asks before typed changes are thrown away.
 */
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
  const requestClose = useContext(DialogCloseContext);
  return (
    <div className="sticky bottom-0 mt-2 flex justify-end gap-2 bg-white py-2">
      <Button variant="secondary" onClick={requestClose ?? onCancel}>
        {t("cancel")}
      </Button>
      <Button type="submit" disabled={pending}>
        {saveLabel ?? t("save")}
      </Button>
    </div>
  );
}
