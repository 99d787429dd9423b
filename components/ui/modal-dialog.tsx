"use client";

import { useEffect, useRef } from "react";
import { TitleInEnvironment } from "@/components/ui/current-environment";

/**
 * A modal on the native <dialog>: focus is trapped and one Escape closes it, as the browser
 * does it. The field marked `data-autofocus` gets focus when it opens (React's autoFocus runs
 * before the dialog is shown, when nothing in it can take focus). When it closes — Escape,
 * Annuleren or Opslaan alike — focus goes back to what had it when the dialog opened: the row,
 * button or menu's opener, not the top of the page.
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
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    dialog?.querySelector<HTMLElement>("[data-autofocus]")?.focus();
    return () => {
      dialog?.close();
      // The browser gives focus back on Escape; a dialog that leaves the page (Opslaan) leaves it nowhere.
      const lost = !document.activeElement || document.activeElement === document.body;
      if (lost && opener?.isConnected) opener.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      aria-labelledby="modal-title"
      onClose={onClose}
      className={`m-auto w-full ${wide ? "max-w-2xl" : "max-w-md"} rounded-lg border border-slate-200 p-0 shadow-xl backdrop:bg-slate-900/30`}
    >
      <div className="p-5">
        <h2 id="modal-title" className="mb-4 text-lg font-semibold">
          <TitleInEnvironment title={title} scoped={environmentScoped} />
        </h2>
        {children}
      </div>
    </dialog>
  );
}
