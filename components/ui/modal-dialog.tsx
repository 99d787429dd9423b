"use client";

import { useEffect, useRef } from "react";
import { TitleInEnvironment } from "@/components/shell/current-environment";

/**
 * A modal on the native <dialog>: focus is trapped and Escape closes it, as the browser
 * does it.
 */
export function ModalDialog({
  title,
  onClose,
  children,
  environmentScoped = false,
}: {
  title: string;
  onClose: () => void;
  children: React.ReactNode;
  /** The dialog changes something in the current environment: its name follows the title. */
  environmentScoped?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      aria-labelledby="modal-title"
      onClose={onClose}
      className="m-auto w-full max-w-md rounded-lg border border-slate-200 p-0 shadow-xl backdrop:bg-slate-900/30"
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
