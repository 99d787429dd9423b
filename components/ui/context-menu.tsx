"use client";

import { Fragment, type KeyboardEvent, useEffect, useLayoutEffect, useRef, useState } from "react";

/**
 * One thing a person can do from a menu or a row's Acties: run `onSelect`, or go to `href`
 * (Autoriseren leaves the portal for Exact). `menuOnly` items are offered in the menu but not
 * as a button in the Acties column (the users grid changes a role in its own select).
 */
export type MenuItem = {
  label: string;
  onSelect?: () => void;
  href?: string;
  disabled?: boolean;
  danger?: boolean;
  menuOnly?: boolean;
  /** A line before it: the grid's own Nieuw after a row's actions. */
  startsGroup?: boolean;
};

/** An open menu: where, what, and the element that opened it (focus goes back there). */
export type OpenMenu = { x: number; y: number; label: string; items: MenuItem[]; opener: HTMLElement | null };

const ITEMS = "[role=menuitem]:not([disabled])";

/**
 * A right-click menu (the seed's way to make a new login). Opens at the pointer, or at the
 * row or grid from the keyboard (Shift+F10 / the Menu key); arrow keys, Home and End move,
 * Enter chooses, Escape or Tab closes it and focus goes back to what opened it. Choosing an
 * item gives focus back first, so a dialog the item opens returns there when it closes.
 */
export function ContextMenu({ menu, onClose }: { menu: OpenMenu; onClose: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const [at, setAt] = useState({ x: menu.x, y: menu.y });
  const back = () => {
    onClose();
    if (menu.opener?.isConnected) menu.opener.focus();
  };

  // Kept inside the window: a menu opened near the bottom or right edge opens upwards or leftwards.
  useLayoutEffect(() => {
    const box = ref.current?.getBoundingClientRect();
    if (!box) return;
    setAt({
      x: Math.max(4, Math.min(menu.x, window.innerWidth - box.width - 4)),
      y: box.height + menu.y > window.innerHeight - 4 ? Math.max(4, menu.y - box.height) : menu.y,
    });
  }, [menu.x, menu.y]);

  useEffect(() => {
    (ref.current?.querySelector<HTMLElement>(ITEMS) ?? ref.current)?.focus();
    const close = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) onClose();
    };
    document.addEventListener("mousedown", close);
    return () => document.removeEventListener("mousedown", close);
  }, [onClose]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const items = [...(ref.current?.querySelectorAll<HTMLElement>(ITEMS) ?? [])];
    const i = items.indexOf(document.activeElement as HTMLElement);
    const move: Record<string, number | undefined> = {
      ArrowDown: (i + 1) % items.length,
      ArrowUp: (i - 1 + items.length) % items.length,
      Home: 0,
      End: items.length - 1,
    };
    if (e.key in move) items[move[e.key] as number]?.focus();
    else if (e.key === "Escape" || e.key === "Tab") back();
    else return;
    e.preventDefault();
    // The grid under the menu must not take the key as its own (Escape, arrows).
    e.stopPropagation();
  };

  const itemClass = (item: MenuItem) =>
    `block w-full px-4 py-1.5 text-left whitespace-nowrap hover:bg-blue-50 focus:bg-blue-50 focus:outline-none disabled:text-slate-400 disabled:hover:bg-transparent ${item.danger ? "text-red-700" : ""}`;
  return (
    <div
      ref={ref}
      role="menu"
      aria-label={menu.label}
      tabIndex={-1}
      style={{ left: at.x, top: at.y }}
      className="fixed z-30 min-w-40 rounded border border-slate-200 bg-white py-1 text-sm shadow-lg"
      onKeyDown={onKeyDown}
      onBlur={(e) => {
        // Focus went elsewhere (a click outside, the window): the menu is done.
        if (e.relatedTarget && !ref.current?.contains(e.relatedTarget as Node)) onClose();
      }}
    >
      {menu.items.map((item) => (
        <Fragment key={item.label}>
          {item.startsGroup ? <hr className="my-1 border-slate-200" /> : null}
          {item.href && !item.disabled ? (
            <a role="menuitem" href={item.href} className={itemClass(item)} onClick={onClose}>
              {item.label}
            </a>
          ) : (
            <button
              type="button"
              role="menuitem"
              disabled={item.disabled}
              className={itemClass(item)}
              onClick={() => {
                back();
                item.onSelect?.();
              }}
            >
              {item.label}
            </button>
          )}
        </Fragment>
      ))}
    </div>
  );
}
