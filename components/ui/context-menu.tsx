"use client";

import {
  type KeyboardEvent,
  type MouseEvent as ReactMouseEvent,
  useCallback,
  useEffect,
  useRef,
  useState,
} from "react";

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

/**
 * What an area needs to open a context menu: the right-click at the pointer, and Shift+F10 or
 * the Menu key at the area's corner. Without `enabled` the area keeps the browser's own menu.
 */
export function useContextMenuTrigger(enabled: boolean) {
  const [at, setAt] = useState<{ x: number; y: number } | null>(null);
  const close = useCallback(() => setAt(null), []);
  const onContextMenu = (e: ReactMouseEvent<HTMLElement>) => {
    if (!enabled) return;
    e.preventDefault();
    setAt({ x: e.clientX, y: e.clientY });
  };
  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (!enabled || !(e.key === "ContextMenu" || (e.shiftKey && e.key === "F10"))) return;
    e.preventDefault();
    const box = e.currentTarget.getBoundingClientRect();
    setAt({ x: box.left + 16, y: box.top + 16 });
  };
  return { at, close, onContextMenu, onKeyDown };
}
