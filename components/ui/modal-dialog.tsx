"use client";

import { useTranslations } from "next-intl";
import { type KeyboardEvent, type SyntheticEvent, useEffect, useId, useRef, useState } from "react";
import { TitleInEnvironment } from "@/components/ui/current-environment";
import { Button } from "./button";
import { DialogCloseContext } from "./dialog-close-context";
import { trapTab } from "./trap-tab";

type Field = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
const FIELDS = "input, select, textarea";
const fieldValue = (f: Field) =>
  f instanceof HTMLInputElement && (f.type === "checkbox" || f.type === "radio") ? String(f.checked) : f.value;

/**
 * A modal on the native <dialog>: focus is trapped and one Escape closes it, as the browser
 * does it. The field marked `data-autofocus` gets focus when it opens (React's autoFocus runs
 * before the dialog is shown, when nothing in it can take focus). When it closes — Escape,
 * Annuleren or Opslaan alike — focus goes back to what had it when the dialog opened: the row,
 * button or menu's opener, not the top of the page. When the person typed something that is not
 * saved, Escape (and Annuleren) first asks whether to throw it away; an untouched dialog, or one
 * whose fields were typed back to what they were, closes at once. It fits a phone's screen and
 * scrolls inside itself.
 */
export function ModalDialog({
  title,
  onClose,
  wide = false,
  children,
  environmentScoped = false,
}: {
  title: string;
  onClose: () => void;
  /** Room for long lines (Exact's list of divisions). */
  wide?: boolean;
  children: React.ReactNode;
  /** The dialog changes something in the current environment: its name follows the title. */
  environmentScoped?: boolean;
}) {
  const t = useTranslations("common");
  const ref = useRef<HTMLDialogElement>(null);
  // Each field's value before the person touched it, and the fields they typed in or changed:
  // only those count, so a list the dialog fills in by itself is no change of theirs.
  const before = useRef(new Map<Field, string>());
  const touched = useRef(new Set<Field>());
  const returnTo = useRef<HTMLElement | null>(null);
  const [asking, setAsking] = useState(false);
  const keepId = useId();
  const askId = useId();

  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    for (const f of dialog?.querySelectorAll<Field>(FIELDS) ?? []) before.current.set(f, fieldValue(f));
    dialog?.querySelector<HTMLElement>("[data-autofocus]")?.focus();
    return () => {
      dialog?.close();
      // The browser gives focus back on Escape; a dialog that leaves the page (Opslaan) leaves it nowhere.
      const lost = !document.activeElement || document.activeElement === document.body;
      if (lost && opener?.isConnected) opener.focus();
    };
  }, []);
  useEffect(() => {
    if (asking) document.getElementById(keepId)?.focus();
  }, [asking, keepId]);

  const isField = (el: EventTarget | null): el is Field =>
    el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement;
  const remember = (e: SyntheticEvent) => {
    if (isField(e.target) && !before.current.has(e.target)) before.current.set(e.target, fieldValue(e.target));
  };
  const touch = (e: SyntheticEvent) => {
    if (isField(e.target)) touched.current.add(e.target);
  };
  const changed = () =>
    [...touched.current].some((f) => f.isConnected && !f.disabled && fieldValue(f) !== before.current.get(f));

  const ask = () => {
    returnTo.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setAsking(true);
  };
  const keepEditing = () => {
    setAsking(false);
    // After the form is no longer inert, so it can take focus again.
    requestAnimationFrame(() => returnTo.current?.focus());
  };
  const requestClose = () => (changed() ? ask() : onClose());

  const onKeyDown = (e: KeyboardEvent<HTMLDialogElement>) => {
    trapTab(e);
    // A menu or list inside that took the Escape for itself has prevented it.
    if (e.key !== "Escape" || e.defaultPrevented) return;
    if (asking) {
      e.preventDefault();
      keepEditing();
    } else if (changed()) {
      // Cancelling the keydown keeps the browser from closing the dialog.
      e.preventDefault();
      ask();
    }
  };

  return (
    <dialog
      ref={ref}
      aria-labelledby="modal-title"
      onClose={onClose}
      onCancel={(e) => {
        // A close request that came another way than the Escape key above (a phone's Back).
        if (changed()) {
          e.preventDefault();
          if (!asking) ask();
        }
      }}
      onKeyDown={onKeyDown}
      onFocus={remember}
      onInput={touch}
      onChange={touch}
      className={`m-auto max-h-[calc(100dvh-1.5rem)] w-[calc(100%-1.5rem)] overflow-y-auto ${wide ? "max-w-2xl" : "max-w-md"} rounded-lg border border-slate-200 p-0 shadow-xl backdrop:bg-slate-900/30`}
    >
      <div className="p-5">
        <h2 id="modal-title" className="mb-4 text-lg font-semibold">
          <TitleInEnvironment title={title} scoped={environmentScoped} />
        </h2>
        {asking ? (
          <div
            role="alertdialog"
            aria-labelledby={`${askId}-title`}
            aria-describedby={`${askId}-text`}
            className="mb-4 rounded border border-amber-300 bg-amber-50 p-3 text-sm"
            data-testid="discard-confirm"
          >
            <p id={`${askId}-title`} className="font-semibold">
              {t("discardTitle")}
            </p>
            <p id={`${askId}-text`} className="mb-3">
              {t("discardText")}
            </p>
            <div className="flex flex-wrap justify-end gap-2">
              <Button id={keepId} variant="secondary" onClick={keepEditing}>
                {t("keepEditing")}
              </Button>
              <Button variant="danger" onClick={onClose}>
                {t("discard")}
              </Button>
            </div>
          </div>
        ) : null}
        <DialogCloseContext.Provider value={requestClose}>
          <div inert={asking}>{children}</div>
        </DialogCloseContext.Provider>
      </div>
    </dialog>
  );
}
