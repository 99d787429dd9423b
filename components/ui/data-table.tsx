"use client";

import { flexRender, type Header, type Row, type RowData, type Table } from "@tanstack/react-table";
import { useTranslations } from "next-intl";
import { type KeyboardEvent, type MouseEvent, type ReactNode, useCallback, useId, useRef, useState } from "react";
import { ContextMenu, type MenuItem, type OpenMenu } from "./context-menu";
import { RowMenuContext } from "./row-menu-context";
import { useScrollsSideways } from "./use-scrolls-sideways";

declare module "@tanstack/react-table" {
  interface ColumnMeta<TData extends RowData, TValue> {
    /** Classes for the column's cells. */
    className?: string;
  }
}

export type DataTableSortTitles = { ascending: string; descending: string };

/** A row's own menu: what the row is called (in the menu's name) and what can be done with it. */
export type RowMenu<T> = { name: (row: T) => string; items: (row: T) => MenuItem[] };

/** A grid's menu for its empty space: one item, its Nieuw. */
export function newMenu(label: string, item: string, onSelect: () => void): { label: string; items: MenuItem[] } {
  return { label, items: [{ label: item, onSelect }] };
}

const opensMenu = (e: KeyboardEvent) => e.key === "ContextMenu" || (e.shiftKey && e.key === "F10");

/**
 * Every grid of the portal: it renders a TanStack `table` the grid built (client-side or
 * `manual*` sorting and paging alike). Sortable headers are buttons with `aria-sort`. A row
 * opens by double-click (the seed's way) or by Enter when it has focus: `onOpen` (Bewerken), or
 * without it the row's menu. With `area`, the grid is the seed's grey area: focusable, it shows
 * the empty state inside. The right-click (and Shift+F10 / the Menu key) on a row opens
 * `rowMenu`, the row's own actions followed by the grid's `menu` (Nieuw); on the grid's empty
 * space, `menu` alone. Without either the browser keeps its own menu. On a phone the grid
 * scrolls sideways in its own box, so the page is never wider than the screen (on a desktop the
 * box would clip a row's tooltip).
 * Rows that open or have a menu take focus; the arrow keys move between them.
 */
export function DataTable<T>({
  table,
  label,
  rowAttributes,
  onOpen,
  empty,
  toolbar,
  footer,
  area,
  menu,
  rowMenu,
  sortTitles,
}: {
  table: Table<T>;
  label?: string;
  rowAttributes?: (row: T) => Record<`data-${string}`, string | undefined>;
  onOpen?: (row: T) => void;
  empty?: ReactNode;
  toolbar?: ReactNode;
  footer?: ReactNode;
  /** `tall`: the seed's big grey area (OAuth logins). */
  area?: { label: string; testId?: string; tall?: boolean };
  menu?: { label: string; items: MenuItem[] } | null;
  rowMenu?: RowMenu<T> | null;
  sortTitles?: DataTableSortTitles;
}) {
  const t = useTranslations("common");
  const hintId = useId();
  const [open, setOpen] = useState<OpenMenu | null>(null);
  const close = useCallback(() => setOpen(null), []);
  const rows = table.getRowModel().rows;
  const hasMenu = Boolean(menu || rowMenu);
  const box = useRef<HTMLElement>(null);
  const scrolls = useScrollsSideways(box);

  /**
   * The row's menu at the pointer or under the row: its own actions, then the grid's Nieuw (the
   * manual's "right-click in the grid, Nieuw" holds wherever the click lands). False when the row
   * has no actions: the grid's menu then.
   */
  const openRowMenu = (row: Row<T>, opener: HTMLElement, x: number, y: number, withNew = true) => {
    const items = rowMenu?.items(row.original) ?? [];
    if (items.length && rowMenu) {
      const more = withNew ? (menu?.items ?? []).map((item, i) => ({ ...item, startsGroup: i === 0 })) : [];
      setOpen({ x, y, label: t("rowMenu", { name: rowMenu.name(row.original) }), items: [...items, ...more], opener });
      return true;
    }
    return false;
  };
  /** Enter and double-click: the row's Bewerken, or where it has none (users, API keys) its menu. */
  const activate = (row: Row<T>, tr: HTMLElement) => {
    if (onOpen) return onOpen(row.original);
    const box = tr.getBoundingClientRect();
    openRowMenu(row, tr, box.left + 16, box.bottom);
  };
  // The Acties column's Meer button opens the same menu, under itself.
  const rowMenuContext = {
    open: (rowId: string, opener: HTMLElement) => {
      const box = opener.getBoundingClientRect();
      const row = table.getRowModel().rowsById[rowId];
      if (row) openRowMenu(row, opener, box.left, box.bottom + 2, false);
    },
    opener: open?.opener ?? null,
  };
  const openGridMenu = (opener: HTMLElement, x: number, y: number) => {
    if (!menu) return false;
    setOpen({ x, y, label: menu.label, items: menu.items, opener });
    return true;
  };

  const rowHandlers = (row: Row<T>) => {
    if (!onOpen && !rowMenu) return {};
    return {
      tabIndex: 0,
      onDoubleClick: (e: MouseEvent<HTMLTableRowElement>) => {
        // A double-click on the row's own controls (a button, the users' role select) is theirs.
        if (!(e.target as HTMLElement).closest("a, button, input, select, textarea")) activate(row, e.currentTarget);
      },
      onContextMenu: (e: MouseEvent<HTMLTableRowElement>) => {
        if (openRowMenu(row, e.currentTarget, e.clientX, e.clientY)) {
          e.preventDefault();
          e.stopPropagation();
        }
      },
      onKeyDown: (e: KeyboardEvent<HTMLTableRowElement>) => {
        const tr = e.currentTarget;
        if (opensMenu(e)) {
          const box = tr.getBoundingClientRect();
          if (openRowMenu(row, e.target as HTMLElement, box.left + 16, box.bottom)) {
            e.preventDefault();
            e.stopPropagation();
          }
          return;
        }
        if (e.target !== tr) return;
        if (e.key === "Enter") {
          // Without this, the Enter's keypress would reach the dialog's first field: it would
          // submit the form at once or open a select's list (and the first Escape would close that).
          e.preventDefault();
          activate(row, tr);
        }
        const next =
          e.key === "ArrowDown" ? tr.nextElementSibling : e.key === "ArrowUp" ? tr.previousElementSibling : null;
        if (next instanceof HTMLElement) {
          e.preventDefault();
          next.focus();
        }
      },
    };
  };

  const grid = (
    <>
      <table aria-label={label} className="w-full border-collapse bg-white text-sm">
        <thead>
          {table.getHeaderGroups().map((g) => (
            <tr key={g.id} className="border-b border-slate-200 text-left text-slate-600">
              {g.headers.map((h) => (
                <HeaderCell key={h.id} header={h} sortTitles={sortTitles} />
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr
              key={row.id}
              {...rowAttributes?.(row.original)}
              {...rowHandlers(row)}
              className="border-b border-slate-100 focus:bg-blue-50"
            >
              {row.getVisibleCells().map((cell) => (
                <td key={cell.id} className={`px-3 py-2 align-top ${cell.column.columnDef.meta?.className ?? ""}`}>
                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && empty ? (
        <div className="bg-white px-6 py-10 text-center text-sm text-slate-600">{empty}</div>
      ) : null}
    </>
  );
  const onAreaContextMenu = (e: MouseEvent<HTMLElement>) => {
    if (openGridMenu(e.currentTarget, e.clientX, e.clientY)) e.preventDefault();
  };
  const onAreaKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (!opensMenu(e)) return;
    const box = e.currentTarget.getBoundingClientRect();
    if (openGridMenu(e.target as HTMLElement, box.left + 16, box.top + 16)) e.preventDefault();
  };
  return (
    <RowMenuContext.Provider value={rowMenuContext}>
      <div className="flex flex-col gap-3">
        {toolbar}
        {area ? (
          <section
            ref={box}
            data-testid={area.testId}
            tabIndex={menu || scrolls ? 0 : undefined}
            aria-label={area.label}
            aria-describedby={hasMenu ? hintId : undefined}
            // Room under the rows however many there are: empty grid space to right-click for Nieuw.
            className={`max-md:overflow-x-auto rounded border border-slate-300 bg-slate-200/60 p-1 pb-6 ${area.tall ? "min-h-64" : "min-h-40"}`}
            onContextMenu={onAreaContextMenu}
            onKeyDown={onAreaKeyDown}
          >
            {grid}
          </section>
        ) : (
          <div
            ref={box as React.RefObject<HTMLDivElement>}
            className="max-md:overflow-x-auto"
            // Focusable (and so named) only while it scrolls: the keyboard can scroll it then.
            {...(scrolls ? { tabIndex: 0, ...(label ? { role: "region", "aria-label": label } : {}) } : {})}
          >
            {grid}
          </div>
        )}
        {/* Said only to those who have a menu here: a viewer is not told to right-click. */}
        {hasMenu ? (
          <p id={hintId} className="text-xs text-slate-500">
            {t("menuHint")}
          </p>
        ) : null}
        {footer}
        {open ? <ContextMenu menu={open} onClose={close} /> : null}
      </div>
    </RowMenuContext.Provider>
  );
}

function HeaderCell<T>({ header, sortTitles }: { header: Header<T, unknown>; sortTitles?: DataTableSortTitles }) {
  const title = flexRender(header.column.columnDef.header, header.getContext());
  if (header.isPlaceholder || !header.column.getCanSort()) {
    return <th className="px-3 py-2 font-medium">{header.isPlaceholder ? null : title}</th>;
  }
  const sorted = header.column.getIsSorted();
  return (
    <th
      className="px-3 py-2 font-medium"
      aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : "none"}
    >
      <button
        type="button"
        className="inline-flex items-center gap-1 hover:text-slate-900"
        title={sortTitles ? (sorted === "asc" ? sortTitles.descending : sortTitles.ascending) : undefined}
        onClick={header.column.getToggleSortingHandler()}
      >
        {title}
        <span aria-hidden="true">{sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : ""}</span>
      </button>
    </th>
  );
}
