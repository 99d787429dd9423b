"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { useLocale, useTranslations } from "next-intl";
import { useCallback, useMemo, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DataTable } from "@/components/ui/data-table";
import { FormMessage } from "@/components/ui/form-message";
import type { ActionFailure } from "@/lib/forms/action-result";
import { applyActionResult } from "@/lib/forms/apply-action-result";
import { describeLoginState } from "@/lib/i18n/describe-login-state";
import { formatDateTime } from "@/lib/i18n/format-date";
import { resolveLocale } from "@/lib/i18n/locales";
import { translateMessage } from "@/lib/i18n/translate-message";
import { deleteAdministrationAction, deleteDivisionAction, testAdministrationAction } from "../actions";
import { AdministrationDialog } from "./administration-dialog";
import { DivisionDialog } from "./division-dialog";
import type { AdministrationRow, DivisionRow, LoginOption } from "./settings-rows";

type Notice = { kind: "error" | "success"; text: string };

/** A titled grid with its Nieuw button (admins) and an honest empty state. */
function GridSection({
  id,
  title,
  newLabel,
  onNew,
  empty,
  children,
}: {
  id: string;
  title: string;
  newLabel: string | null;
  onNew: () => void;
  empty: string;
  children: React.ReactNode;
}) {
  return (
    <section aria-labelledby={id} className="flex flex-col gap-2">
      <div className="flex items-center justify-between">
        <h2 id={id} className="text-lg font-semibold">
          {title}
        </h2>
        {newLabel ? <Button onClick={onNew}>{newLabel}</Button> : null}
      </div>
      {children ?? (
        <p className="rounded border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-600">
          {empty}
        </p>
      )}
    </section>
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
  const locale = resolveLocale(useLocale());
  const [notice, setNotice] = useState<Notice | null>(null);
  const [adminDialog, setAdminDialog] = useState<{ row: AdministrationRow | null } | null>(null);
  const [divisionDialog, setDivisionDialog] = useState<{ row: DivisionRow | null } | null>(null);
  const [confirm, setConfirm] = useState<{ title: string; text: string; run: () => void } | null>(null);
  const [pending, startTransition] = useTransition();

  const fail = useCallback(
    (r: ActionFailure) => setNotice({ kind: "error", text: translateMessage(t, applyActionResult(r), r.values) }),
    [t],
  );

  const test = useCallback(
    (a: AdministrationRow) =>
      startTransition(async () => {
        const r = await testAdministrationAction({ administrationId: a.id });
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
        } else fail(r);
      }),
    [t, fail],
  );

  const adminColumns = useMemo<ColumnDef<AdministrationRow>[]>(() => {
    const cols: ColumnDef<AdministrationRow>[] = [
      { accessorKey: "description", header: t("settings.columns.description") },
      {
        accessorKey: "type",
        header: t("settings.columns.type"),
        cell: ({ row }) => t(`settings.types.${row.original.type}`),
      },
      {
        accessorKey: "oauthLogin",
        header: t("settings.columns.oauthLogin"),
        cell: ({ row }) =>
          row.original.oauthLogin ? (
            <span>
              {row.original.oauthLogin}
              {row.original.oauthLoginState ? (
                <span className="ml-1 text-xs text-slate-500" data-testid="login-state">
                  ({describeLoginState(t, row.original.oauthLoginState, locale)})
                </span>
              ) : null}
            </span>
          ) : (
            t("settings.none")
          ),
      },
      {
        accessorKey: "proxyHostPort",
        header: t("settings.columns.proxy"),
        cell: ({ row }) => row.original.proxyHostPort ?? t("settings.none"),
      },
      { accessorKey: "divisionCount", header: t("settings.columns.divisionCount") },
      {
        id: "lastTest",
        header: t("settings.columns.lastTest"),
        cell: ({ row }) => {
          const last = row.original.lastTest;
          if (!last) return t("settings.none");
          return (
            <span className={last.ok ? "text-green-800" : "text-red-800"}>
              {formatDateTime(new Date(last.at), locale)} ·{" "}
              {last.ok ? t("settings.testPassed") : t("settings.testFailed")}
              {!last.ok && last.message && t.has(`errors.${last.message}`) ? (
                <span className="block text-xs">{t(`errors.${last.message}`, { until: "" })}</span>
              ) : null}
            </span>
          );
        },
      },
    ];
    if (!canChange) return cols;
    cols.push({
      id: "actions",
      header: t("oauthLogins.columns.actions"),
      cell: ({ row }) => (
        <div className="flex flex-wrap gap-2">
          <Button variant="secondary" onClick={() => setAdminDialog({ row: row.original })}>
            {t("oauthLogins.edit")}
          </Button>
          <Button
            variant="secondary"
            disabled={pending || !row.original.oauthLoginId}
            onClick={() => test(row.original)}
          >
            {t("settings.testConnection")}
          </Button>
          <Button
            variant="danger"
            onClick={() =>
              setConfirm({
                title: t("settings.deleteAdministrationTitle"),
                text: t("settings.deleteConfirm", { name: row.original.description }),
                run: () =>
                  startTransition(async () => {
                    const r = await deleteAdministrationAction({ administrationId: row.original.id });
                    if (r.ok)
                      setNotice({ kind: "success", text: t("settings.deleted", { name: row.original.description }) });
                    else fail(r);
                  }),
              })
            }
          >
            {t("oauthLogins.delete")}
          </Button>
        </div>
      ),
    });
    return cols;
  }, [t, locale, canChange, pending, test, fail]);

  const divisionColumns = useMemo<ColumnDef<DivisionRow>[]>(() => {
    const cols: ColumnDef<DivisionRow>[] = [
      {
        id: "division",
        header: t("settings.columns.division"),
        cell: ({ row }) => `${row.original.code} - ${row.original.name}`,
      },
      {
        accessorKey: "administration",
        header: t("settings.columns.administration"),
        cell: ({ row }) => row.original.administration ?? t("settings.none"),
      },
      {
        id: "exact",
        header: t("settings.columns.exactDivision"),
        cell: ({ row }) =>
          row.original.exactDivisionCode
            ? `${row.original.exactDivisionHid ?? row.original.exactDivisionCode} - ${row.original.exactDivisionDescription ?? ""} (${row.original.exactDivisionCode})`
            : t("overview.notLinked"),
      },
    ];
    if (!canChange) return cols;
    cols.push({
      id: "actions",
      header: t("oauthLogins.columns.actions"),
      cell: ({ row }) => (
        <div className="flex flex-wrap gap-2">
          <Button variant="secondary" onClick={() => setDivisionDialog({ row: row.original })}>
            {t("oauthLogins.edit")}
          </Button>
          <Button
            variant="danger"
            onClick={() =>
              setConfirm({
                title: t("settings.deleteDivisionTitle"),
                text: t("settings.deleteConfirm", { name: `${row.original.code} - ${row.original.name}` }),
                run: () =>
                  startTransition(async () => {
                    const r = await deleteDivisionAction({ divisionId: row.original.id });
                    if (r.ok) setNotice({ kind: "success", text: t("settings.deleted", { name: row.original.name }) });
                    else fail(r);
                  }),
              })
            }
          >
            {t("oauthLogins.delete")}
          </Button>
        </div>
      ),
    });
    return cols;
  }, [t, canChange, fail]);

  return (
    <div className="flex flex-col gap-6">
      <div aria-live="polite">{notice ? <FormMessage kind={notice.kind}>{notice.text}</FormMessage> : null}</div>
      <GridSection
        id="administrations"
        title={t("settings.administrations")}
        newLabel={canChange ? t("settings.newAdministration") : null}
        onNew={() => setAdminDialog({ row: null })}
        empty={t("settings.emptyAdministrations", { environment })}
      >
        {administrations.length ? (
          <DataTable
            rows={administrations}
            columns={adminColumns}
            label={t("settings.administrations")}
            rowKey={(r) => r.id}
            rowAttributes={(r) => ({ "data-row": r.description })}
            onOpen={canChange ? (row) => setAdminDialog({ row }) : undefined}
          />
        ) : null}
      </GridSection>
      <GridSection
        id="divisions"
        title={t("settings.divisions")}
        newLabel={canChange ? t("settings.newDivision") : null}
        onNew={() => setDivisionDialog({ row: null })}
        empty={t("settings.emptyDivisions", { environment })}
      >
        {divisions.length ? (
          <DataTable
            rows={divisions}
            columns={divisionColumns}
            label={t("settings.divisions")}
            rowKey={(r) => r.id}
            rowAttributes={(r) => ({ "data-row": r.code })}
            onOpen={canChange ? (row) => setDivisionDialog({ row }) : undefined}
          />
        ) : null}
      </GridSection>
      {adminDialog ? (
        <AdministrationDialog
          administration={adminDialog.row}
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
          division={divisionDialog.row}
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
          title={confirm.title}
          text={confirm.text}
          onClose={() => setConfirm(null)}
          onConfirm={confirm.run}
        />
      ) : null}
    </div>
  );
}
