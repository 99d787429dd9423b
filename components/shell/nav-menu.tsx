"use client";

import { useTranslations } from "next-intl";
import { useRef, useState } from "react";
import { trapTab } from "@/components/ui/trap-tab";
import { NavLinks, type NavScope } from "./side-nav";

/**
 * On a phone the sidebar folds into this Menu button in the header. The navigation opens as a
 * modal panel (a native <dialog>: Tab stays inside it, Escape closes it, and focus goes back
 * to the button); choosing a page closes it.
 */
export function NavMenu(scope: NavScope) {
  const t = useTranslations("nav");
  const ref = useRef<HTMLDialogElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);

  const close = () => ref.current?.close();

  return (
    <>
      <button
        ref={button}
        type="button"
        aria-haspopup="dialog"
        aria-expanded={open}
        className="rounded border border-white/60 px-2 py-1 text-sm text-white hover:bg-white/10 md:hidden"
        onClick={() => {
          ref.current?.showModal();
          setOpen(true);
        }}
      >
        <span aria-hidden="true">☰ </span>
        {t("open")}
      </button>
      <dialog
        ref={ref}
        aria-label={t("label")}
        data-surface="light"
        onKeyDown={trapTab}
        onClose={() => {
          setOpen(false);
          button.current?.focus();
        }}
        className="m-0 h-dvh max-h-none w-72 max-w-[85vw] border-r border-slate-200 bg-white p-3 text-slate-800 shadow-xl backdrop:bg-slate-900/30"
      >
        <div className="mb-2 flex justify-end">
          <button
            type="button"
            className="rounded border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100"
            onClick={close}
          >
            {t("close")}
          </button>
        </div>
        <nav aria-label={t("label")}>
          {/* A page chosen (by mouse or Enter): the menu is done. */}
          <NavLinks {...scope} onChoose={close} />
        </nav>
      </dialog>
    </>
  );
}
