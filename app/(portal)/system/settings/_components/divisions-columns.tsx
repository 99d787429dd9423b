import type { ColumnDef } from "@tanstack/react-table";
import type { useTranslations } from "next-intl";
import { actionsColumn, type RowActions } from "@/components/ui/actions-column";
import type { DivisionRow } from "./settings-rows";

/** The divisions grid's columns; `actions` only for those who may change settings. */
export function divisionsColumns({
  t,
  actions,
}: {
  t: ReturnType<typeof useTranslations>;
  actions: RowActions<DivisionRow> | null;
}): ColumnDef<DivisionRow>[] {
  const cols: ColumnDef<DivisionRow>[] = [
    {
      id: "division",
      header: t("settings.columns.division"),
      accessorFn: (r) => `${r.code} - ${r.name}`,
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
          ? `${r.exactDivisionHid ?? r.exactDivisionCode} - ${r.exactDivisionDescription ?? ""} (${r.exactDivisionCode})`
          : t("overview.notLinked"),
    },
  ];
  if (!actions) return cols;
  cols.push(actionsColumn(t, actions));
  return cols;
}
