"use client";

import { useTranslations } from "next-intl";
import { Button } from "./button";
import { ModalDialog } from "./modal-dialog";

/**
 * Asks before a destructive action; Verwijderen (or `confirmLabel`) runs it, Annuleren or
 * Escape does not.
 */
export function ConfirmDialog({
  title,
  text,
  confirmLabel,
  onConfirm,
  onClose,
}: {
  title: string;
  text: string;
  confirmLabel?: string;
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
          {confirmLabel ?? t("delete")}
        </Button>
      </div>
    </ModalDialog>
  );
}
