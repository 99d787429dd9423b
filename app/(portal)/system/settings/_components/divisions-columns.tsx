import type { ColumnDef } from "@tanstack/react-table";
import type { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import type { DivisionRow } from "./settings-rows";

/** The divisions grid's columns; `actions` only for those who may change settings. */
export function divisionsColumns({
  t,
  actions,
}: {
  t: ReturnType<typeof useTranslations>;
  actions: { edit: (row: DivisionRow) => void; remove: (row: DivisionRow) => void } | null;
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
  cols.push({
    id: "actions",
    header: t("oauthLogins.columns.actions"),
    enableSorting: false,
    cell: ({ row }) => (
      <div className="flex flex-wrap gap-2">
        <Button variant="secondary" onClick={() => actions.edit(row.original)}>
          {t("oauthLogins.edit")}
        </Button>
        <Button variant="danger" onClick={() => actions.remove(row.original)}>
          {t("oauthLogins.delete")}
        </Button>
      </div>
    ),
  });
  return cols;
}
