"use client";

import { useTranslations } from "next-intl";
import { Button } from "./button";
import { ModalDialog } from "./modal-dialog";

/** Asks before a destructive action; Verwijderen runs it, Annuleren or Escape does not. */
export function ConfirmDialog({
  title,
  text,
  onConfirm,
  onClose,
}: {
  title: string;
  text: string;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const t = useTranslations("common");
  return (
    <ModalDialog title={title} onClose={onClose}>
      <p className="mb-4 text-sm">{text}</p>
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onClose}>
          {t("cancel")}
        </Button>
        <Button
          variant="danger"
          onClick={() => {
            onClose();
            onConfirm();
          }}
        >
          {t("delete")}
        </Button>
      </div>
    </ModalDialog>
  );
}
