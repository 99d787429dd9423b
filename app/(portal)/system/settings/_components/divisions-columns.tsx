import type { ColumnDef } from "@tanstack/react-table";
import type { useTranslations } from "next-intl";
import { actionsColumn } from "@/components/ui/actions-column";
import type { RowMenu } from "@/components/ui/data-table";
import { exactDivisionText } from "./exact-division-text";
import type { DivisionRow } from "./settings-rows";

/** A division as the grids and dialogs name it: 100 - Qics BV. */
export const divisionName = (d: Pick<DivisionRow, "code" | "name">) => `${d.code} - ${d.name}`;

/** A division's actions, for its right-click menu and its Acties column alike. */
export function divisionMenu(
  t: ReturnType<typeof useTranslations>,
  on: { edit: (row: DivisionRow) => void; remove: (row: DivisionRow) => void },
): RowMenu<DivisionRow> {
  return {
    name: divisionName,
    items: (d) => [
      { label: t("oauthLogins.edit"), onSelect: () => on.edit(d) },
      { label: t("oauthLogins.delete"), danger: true, onSelect: () => on.remove(d) },
    ],
  };
}

/** The divisions grid's columns; `menu` (the Acties) only for those who may change settings. */
export function divisionsColumns({
  t,
  menu,
}: {
  t: ReturnType<typeof useTranslations>;
  menu: RowMenu<DivisionRow> | null;
}): ColumnDef<DivisionRow>[] {
  const cols: ColumnDef<DivisionRow>[] = [
    {
      id: "division",
      header: t("settings.columns.division"),
      accessorFn: divisionName,
    },
    {
      accessorKey: "administration",
      header: t("settings.columns.administration"),
      cell: ({ row }) => row.original.administration ?? t("settings.none"),
    },
    {
      id: "exact",
      header: t("settings.columns.exactDivision"),
      accessorFn: (r) =>
        r.exactDivisionCode
          ? exactDivisionText({
              code: r.exactDivisionCode,
              hid: r.exactDivisionHid,
              description: r.exactDivisionDescription,
            })
          : t("overview.notLinked"),
    },
  ];
  return menu ? [...cols, actionsColumn(t("oauthLogins.columns.actions"), menu)] : cols;
}
