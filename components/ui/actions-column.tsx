"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { useTranslations } from "next-intl";
import { useContext, useRef } from "react";
import type { MenuItem } from "./context-menu";
import type { RowMenu } from "./data-table";
import { RowMenuContext } from "./row-menu-context";

const COMPACT =
  "inline-flex items-center rounded border px-2 py-1 text-xs font-medium whitespace-nowrap disabled:cursor-not-allowed";
const STYLE = {
  normal: `${COMPACT} border-slate-300 bg-white text-slate-800 hover:bg-slate-100 disabled:text-slate-400`,
  danger: `${COMPACT} border-red-300 bg-white text-red-700 hover:bg-red-50 disabled:text-red-300`,
};

/** More than this and the Acties show the first action and Meer (the row's menu): one line, whatever the screen. */
const INLINE = 2;

/**
 * The Acties column: the row's own actions — the same the right-click menu offers — as compact
 * buttons on one line; a row with more than two shows its first and Meer, which opens the row's
 * menu. Each button is named with the row ("Bewerken ONLINE"), so a screen reader tells twenty
 * Bewerken buttons apart; the visible word comes first (WCAG 2.5.3, Label in Name).
 */
export function actionsColumn<T>(header: string, rowMenu: RowMenu<T>): ColumnDef<T> {
  return {
    id: "actions",
    header,
    enableSorting: false,
    meta: { className: "w-px" },
    cell: ({ row }) => (
      <RowActions
        rowId={row.id}
        name={rowMenu.name(row.original)}
        items={rowMenu.items(row.original).filter((item) => !item.menuOnly)}
      />
    ),
  };
}

function RowActions({ rowId, name, items }: { rowId: string; name: string; items: MenuItem[] }) {
  const t = useTranslations("common");
  const menu = useContext(RowMenuContext);
  const more = useRef<HTMLButtonElement>(null);
  const shown = items.length > INLINE && menu ? items.slice(0, 1) : items;
  return (
    <div className="flex flex-nowrap gap-1">
      {shown.map((item) => {
        const props = { "aria-label": `${item.label} ${name}`, className: STYLE[item.danger ? "danger" : "normal"] };
        return item.href && !item.disabled ? (
          <a key={item.label} {...props} href={item.href}>
            {item.label}
          </a>
        ) : (
          <button key={item.label} {...props} type="button" disabled={item.disabled} onClick={item.onSelect}>
            {item.label}
          </button>
        );
      })}
      {shown.length < items.length && menu ? (
        <button
          ref={more}
          type="button"
          aria-label={t("moreFor", { name })}
          aria-haspopup="menu"
          aria-expanded={menu.opener !== null && menu.opener === more.current}
          className={STYLE.normal}
          onClick={(e) => menu.open(rowId, e.currentTarget)}
        >
          {t("more")}
          <span aria-hidden="true">&nbsp;▾</span>
        </button>
      ) : null}
    </div>
  );
}
