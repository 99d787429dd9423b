"use client";

import { useTranslations } from "next-intl";
import { Button } from "./button";

/**
 * A write-only secret that is stored (a proxy password, a webhook secret): the page knows only
 * that it is set. Wijzigen asks for a new one; Wissen marks it to be cleared on Save, and
 * Behouden takes that back. Without `editable` it only says that it is set.
 */
export function StoredSecret({
  label,
  testId,
  isSetText,
  willClearText,
  action,
  onAction,
  onChange,
  editable = true,
}: {
  label: string;
  testId: string;
  isSetText: string;
  willClearText: string;
  action: "keep" | "clear";
  onAction: (action: "keep" | "clear") => void;
  /** Wijzigen: the caller shows the field for a new secret. */
  onChange: () => void;
  editable?: boolean;
}) {
  const t = useTranslations("settings");
  return (
    <div className="flex flex-col gap-1">
      <span className="text-sm font-medium text-slate-700">{label}</span>
      <div className="flex items-center gap-2 text-sm">
        <span data-testid={testId}>{action === "clear" ? willClearText : isSetText}</span>
        {editable ? (
          <>
            <Button
              variant="secondary"
              onClick={() => {
                onAction("keep");
                onChange();
              }}
            >
              {t("passwordChange")}
            </Button>
            <Button variant="secondary" onClick={() => onAction(action === "keep" ? "clear" : "keep")}>
              {action === "keep" ? t("passwordClear") : t("passwordKeep")}
            </Button>
          </>
        ) : null}
      </div>
    </div>
  );
}
