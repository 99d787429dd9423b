"use client";

import { useRef, useState } from "react";
import { Button } from "./button";
import { ModalDialog } from "./modal-dialog";

export type ShownOnceLabels = { copy: string; copied: string; copySelect: string; close: string };

/**
 * A secret the portal made and shows this once (a new API key, a generated password): it lives
 * only in this dialog's props, never in the page after it closes. Kopiëren puts it on the
 * clipboard (where the browser refuses, the text is selected for Ctrl+C); Sluiten or Escape
 * forgets it.
 */
export function ShownOnceDialog({
  title,
  intro,
  introId,
  inputId,
  label,
  value,
  labels,
  small = false,
  onClose,
}: {
  title: string;
  intro: React.ReactNode;
  /** The intro's element id, when the field is described by it. */
  introId?: string;
  inputId: string;
  label: string;
  value: string;
  labels: ShownOnceLabels;
  /** Smaller text, for a long value (a key) to fit the field. */
  small?: boolean;
  onClose: () => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<"yes" | "select" | null>(null);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied("yes");
    } catch {
      input.current?.select();
      setCopied("select");
    }
  };

  return (
    <ModalDialog title={title} onClose={onClose}>
      <div className="flex flex-col gap-4">
        {intro}
        <div className="flex flex-col gap-1">
          <label htmlFor={inputId} className="text-sm font-medium text-slate-700">
            {label}
          </label>
          <input
            id={inputId}
            ref={input}
            readOnly
            value={value}
            aria-describedby={introId}
            onFocus={(e) => e.currentTarget.select()}
            spellCheck={false}
            className={`rounded border border-slate-300 bg-slate-50 px-2 py-1.5 font-mono ${small ? "text-xs" : "text-sm"}`}
          />
        </div>
        <p aria-live="polite" className="min-h-5 text-xs text-slate-600">
          {copied === "yes" ? labels.copied : copied === "select" ? labels.copySelect : null}
        </p>
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={copy}>
            {labels.copy}
          </Button>
          <Button onClick={onClose}>{labels.close}</Button>
        </div>
      </div>
    </ModalDialog>
  );
}
