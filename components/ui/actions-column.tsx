import type { ColumnDef } from "@tanstack/react-table";
import type { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { Button } from "./button";

/** What a grid's row actions need: the edit and delete of the row, and whether one runs. */
export type RowActions<T> = { pending: boolean; edit: (row: T) => void; remove: (row: T) => void };

/** The Acties column: Bewerken, the grid's own actions (`more`), then Verwijderen. */
export function actionsColumn<T>(
  t: ReturnType<typeof useTranslations>,
  actions: RowActions<T>,
  more?: (row: T) => ReactNode,
): ColumnDef<T> {
  return {
    id: "actions",
    header: t("oauthLogins.columns.actions"),
    enableSorting: false,
    cell: ({ row }) => (
      <div className="flex flex-wrap gap-2">
        <Button variant="secondary" onClick={() => actions.edit(row.original)}>
          {t("oauthLogins.edit")}
        </Button>
        {more?.(row.original)}
        <Button variant="danger" onClick={() => actions.remove(row.original)}>
          {t("oauthLogins.delete")}
        </Button>
      </div>
    ),
  };
}
