"use client";

import dynamic from "next/dynamic";
import { useLocale, useTranslations } from "next-intl";
import { useCallback, useMemo, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useEnvironmentId } from "@/components/ui/current-environment";
import { DataTable, newMenu } from "@/components/ui/data-table";
import { FormMessage } from "@/components/ui/form-message";
import { useClientTable } from "@/components/ui/use-client-table";
import type { ActionFailure } from "@/lib/forms/action-result";
import { applyActionResult } from "@/lib/forms/apply-action-result";
import { resolveLocale } from "@/lib/i18n/locales";
import { translateMessage } from "@/lib/i18n/translate-message";
import { deleteAdministrationAction, deleteDivisionAction, testAdministrationAction } from "../actions";
import { administrationMenu, administrationsColumns } from "./administrations-columns";
import { divisionMenu, divisionName, divisionsColumns } from "./divisions-columns";
import type { AdministrationRow, DivisionRow, LoginOption } from "./settings-rows";

// The dialogs' forms (react-hook-form, zod and the schemas) load when a dialog is first opened,
// not with the tab.
const AdministrationDialog = dynamic(() => import("./administration-dialog").then((m) => m.AdministrationDialog));
const DivisionDialog = dynamic(() => import("./division-dialog").then((m) => m.DivisionDialog));

type Notice = { kind: "error" | "success"; text: string };

/** A titled grid with its Nieuw button (admins); the grid's own area is the region, named as the title. */
function GridSection({
  id,
  title,
  newLabel,
  onNew,
  children,
}: {
  id: string;
  title: string;
  newLabel: string | null;
  onNew: () => void;
  children: React.ReactNode;
}) {
  return (
    <div className="flex flex-col gap-2">
      <div className="flex items-center justify-between">
        <h2 id={id} className="text-lg font-semibold">
          {title}
        </h2>
        {newLabel ? <Button onClick={onNew}>{newLabel}</Button> : null}
      </div>
      {children}
    </div>
  );
}

export function DivisionsAndAdministrations({
  administrations,
  divisions,
  logins,
  canChange,
  environment,
}: {
  administrations: AdministrationRow[];
  divisions: DivisionRow[];
  logins: LoginOption[];
  canChange: boolean;
  environment: string;
}) {
  const t = useTranslations();
  const environmentId = useEnvironmentId();
  const locale = resolveLocale(useLocale());
  const [notice, setNotice] = useState<Notice | null>(null);
  const [adminDialog, setAdminDialog] = useState<{ row: AdministrationRow | null } | null>(null);
  const [divisionDialog, setDivisionDialog] = useState<{ row: DivisionRow | null } | null>(null);
  const [confirm, setConfirm] = useState<{ title: string; text: string; run: () => void } | null>(null);
  const [pending, startTransition] = useTransition();

  /** A failure, told as what it is about: `key` names the record ("…van ONLINE mislukt: <reason>"). */
  const fail = useCallback(
    (r: ActionFailure, key: string, values: Record<string, string>) => {
      const reason = translateMessage(t, applyActionResult(r), r.values);
      setNotice({ kind: "error", text: t(key, { ...values, reason }) });
    },
    [t],
  );

  const test = useCallback(
    (a: AdministrationRow) =>
      startTransition(async () => {
        const r = await testAdministrationAction({ administrationId: a.id }, environmentId);
        if (r.ok) {
          setNotice({
            kind: "success",
            text: t("settings.testOk", {
              description: a.description,
              user: r.data.exactFullName || r.data.exactUserName,
              count: r.data.divisionCount,
              ms: r.data.ms,
            }),
          });
        } else fail(r, "settings.testFailedNotice", { description: a.description });
      }),
    [t, fail, environmentId],
  );

  const removeAdministration = useCallback(
    (a: AdministrationRow) =>
      setConfirm({
        title: t("settings.deleteAdministrationTitle"),
        text: t("settings.deleteConfirm", { name: a.description }),
        run: () =>
          startTransition(async () => {
            const r = await deleteAdministrationAction({ administrationId: a.id }, environmentId);
            if (r.ok) setNotice({ kind: "success", text: t("settings.deleted", { name: a.description }) });
            else fail(r, "settings.deleteFailed", { name: a.description });
          }),
      }),
    [t, fail, environmentId],
  );

  const removeDivision = useCallback(
    (d: DivisionRow) =>
      setConfirm({
        title: t("settings.deleteDivisionTitle"),
        text: t("settings.deleteConfirm", { name: divisionName(d) }),
        run: () =>
          startTransition(async () => {
            const r = await deleteDivisionAction({ divisionId: d.id }, environmentId);
            if (r.ok) setNotice({ kind: "success", text: t("settings.deleted", { name: d.name }) });
            else fail(r, "settings.deleteFailed", { name: divisionName(d) });
          }),
      }),
    [t, fail, environmentId],
  );

  const adminMenu = useMemo(
    () =>
      canChange
        ? administrationMenu(t, { pending, edit: (row) => setAdminDialog({ row }), test, remove: removeAdministration })
        : null,
    [t, canChange, pending, test, removeAdministration],
  );
  const divMenu = useMemo(
    () => (canChange ? divisionMenu(t, { edit: (row) => setDivisionDialog({ row }), remove: removeDivision }) : null),
    [t, canChange, removeDivision],
  );
  const adminColumns = useMemo(() => administrationsColumns({ t, locale, menu: adminMenu }), [t, locale, adminMenu]);
  const divisionColumns = useMemo(() => divisionsColumns({ t, menu: divMenu }), [t, divMenu]);
  const adminTable = useClientTable(administrations, adminColumns);
  const divisionTable = useClientTable(divisions, divisionColumns);

  return (
    <div className="flex flex-col gap-6">
      <div aria-live="polite">{notice ? <FormMessage kind={notice.kind}>{notice.text}</FormMessage> : null}</div>
      <GridSection
        id="administrations"
        title={t("settings.administrations")}
        newLabel={canChange ? t("settings.newAdministration") : null}
        onNew={() => setAdminDialog({ row: null })}
      >
        <DataTable
          table={adminTable}
          label={t("settings.administrations")}
          area={{ label: t("settings.administrations"), testId: "administrations-grid" }}
          rowAttributes={(r) => ({ "data-row": r.description })}
          onOpen={canChange ? (row) => setAdminDialog({ row }) : undefined}
          rowMenu={adminMenu}
          menu={
            canChange
              ? newMenu(t("settings.administrations"), t("settings.newAdministration"), () =>
                  setAdminDialog({ row: null }),
                )
              : null
          }
          empty={t("settings.emptyAdministrations", { environment })}
        />
      </GridSection>
      <GridSection
        id="divisions"
        title={t("settings.divisions")}
        newLabel={canChange ? t("settings.newDivision") : null}
        onNew={() => setDivisionDialog({ row: null })}
      >
        <DataTable
          table={divisionTable}
          label={t("settings.divisions")}
          area={{ label: t("settings.divisions"), testId: "divisions-grid" }}
          rowAttributes={(r) => ({ "data-row": r.code })}
          onOpen={canChange ? (row) => setDivisionDialog({ row }) : undefined}
          rowMenu={divMenu}
          menu={
            canChange
              ? newMenu(t("settings.divisions"), t("settings.newDivision"), () => setDivisionDialog({ row: null }))
              : null
          }
          empty={t("settings.emptyDivisions", { environment })}
        />
      </GridSection>
      {adminDialog ? (
        <AdministrationDialog
          key={rowKey(latest(administrations, adminDialog.row))}
          administration={latest(administrations, adminDialog.row)}
          logins={logins}
          onClose={() => setAdminDialog(null)}
          onSaved={(text) => {
            setAdminDialog(null);
            setNotice({ kind: "success", text });
          }}
        />
      ) : null}
      {divisionDialog ? (
        <DivisionDialog
          key={rowKey(latest(divisions, divisionDialog.row))}
          division={latest(divisions, divisionDialog.row)}
          administrations={administrations}
          onClose={() => setDivisionDialog(null)}
          onSaved={(text) => {
            setDivisionDialog(null);
            setNotice({ kind: "success", text });
          }}
        />
      ) : null}
      {confirm ? (
        <ConfirmDialog
          environmentScoped
          title={confirm.title}
          text={confirm.text}
          onClose={() => setConfirm(null)}
          onConfirm={confirm.run}
        />
      ) : null}
    </div>
  );
}

/**
 * The row as the page has it now. A dialog opened just after a save may have been given the
 * row from before it, while the saved data was still on its way: when it arrives, the dialog is
 * opened again on it (its key changes), rather than showing what was true before.
 */
function latest<R extends { id: string }>(rows: R[], row: R | null): R | null {
  return row ? (rows.find((r) => r.id === row.id) ?? row) : null;
}

function rowKey(row: { id: string } | null): string {
  return row ? JSON.stringify(row) : "new";
}
