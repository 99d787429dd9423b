"use client";

import { useEffect, useRef } from "react";

export type MenuItem = { label: string; onSelect: () => void };

/**
 * A right-click menu (the seed's way to make a new login). Opens at the pointer, or at the
 * grid from the keyboard (Shift+F10 / the Menu key); arrow keys move, Enter chooses,
 * Escape closes and gives focus back.
 */
export function ContextMenu({
  x,
  y,
  items,
  onClose,
  label,
}: {
  x: number;
  y: number;
  items: MenuItem[];
  onClose: () => void;
  label: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLButtonElement>("[role=menuitem]")?.focus();
    const close = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) onClose();
    };
    document.addEventListener("mousedown", close);
    return () => document.removeEventListener("mousedown", close);
  }, [onClose]);
  return (
    <div
      ref={ref}
      role="menu"
      aria-label={label}
      tabIndex={-1}
      style={{ left: x, top: y }}
      className="fixed z-30 min-w-40 rounded border border-slate-200 bg-white py-1 text-sm shadow-lg"
      onKeyDown={(e) => {
        const buttons = [...(ref.current?.querySelectorAll<HTMLButtonElement>("[role=menuitem]") ?? [])];
        const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
        if (e.key === "Escape") onClose();
        if (e.key === "ArrowDown") buttons[(i + 1) % buttons.length]?.focus();
        if (e.key === "ArrowUp") buttons[(i - 1 + buttons.length) % buttons.length]?.focus();
        if (["Escape", "ArrowDown", "ArrowUp"].includes(e.key)) e.preventDefault();
      }}
    >
      {items.map((item) => (
        <button
          key={item.label}
          type="button"
          role="menuitem"
          className="block w-full px-4 py-1.5 text-left hover:bg-blue-50 focus:bg-blue-50"
          onClick={() => {
            onClose();
            item.onSelect();
          }}
        >
          {item.label}
        </button>
      ))}
    </div>
  );
}
