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
import { describeLoginReason } from "@/lib/i18n/describe-login-state";
import { resolveLocale } from "@/lib/i18n/locales";
import { translateMessage } from "@/lib/i18n/translate-message";
import { deleteOAuthLoginAction, testOAuthLoginAction } from "../actions";
import type { OAuthLoginRow } from "./oauth-login-row";
import { oauthLoginMenu, oauthLoginsColumns } from "./oauth-logins-columns";

// The dialog's form (react-hook-form, zod and the schema) loads when the dialog is first opened,
// not with the page: most visits only read the grid.
const OAuthLoginDialog = dynamic(() => import("./oauth-login-dialog").then((m) => m.OAuthLoginDialog));

type Notice = { kind: "error" | "success" | "warning"; text: string };
/**
 * A failed Testen, told from the login's row as the grid now has it (the action revalidates the
 * page with its answer): the reason in the words the row keeps, not a second wording of it.
 */
type TestFailure = { loginId: string; description: string; failure: ActionFailure };

export function OAuthLoginsGrid({
  logins,
  canChange,
  environment,
  initialNotice,
}: {
  logins: OAuthLoginRow[];
  canChange: boolean;
  environment: string;
  initialNotice: Notice | null;
}) {
  const t = useTranslations();
  const environmentId = useEnvironmentId();
  const locale = resolveLocale(useLocale());
  const [dialog, setDialog] = useState<{ login: OAuthLoginRow | null } | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<OAuthLoginRow | null>(null);
  const [notice, setNotice] = useState<Notice | TestFailure | null>(initialNotice);
  const [pending, startTransition] = useTransition();

  const shown = useMemo((): Notice | null => {
    if (!notice || !("loginId" in notice)) return notice;
    const row = logins.find((l) => l.id === notice.loginId);
    const { failure } = notice;
    const reason =
      (row && describeLoginReason(t, row)) ?? translateMessage(t, applyActionResult(failure), failure.values);
    return { kind: "error", text: t("oauthLogins.testFailed", { description: notice.description, reason }) };
  }, [notice, logins, t]);

  const test = useCallback(
    (login: OAuthLoginRow) =>
      startTransition(async () => {
        const result = await testOAuthLoginAction({ loginId: login.id }, environmentId);
        if (result.ok) {
          setNotice({
            kind: "success",
            text: t("oauthLogins.tested", {
              description: login.description,
              user: `${result.data.fullName} (${result.data.userName})`,
            }),
          });
        } else setNotice({ loginId: login.id, description: login.description, failure: result });
      }),
    [t, environmentId],
  );

  const menu = useMemo(
    () =>
      canChange
        ? oauthLoginMenu(t, { pending, edit: (login) => setDialog({ login }), test, remove: setConfirmDelete })
        : null,
    [t, canChange, pending, test],
  );
  const columns = useMemo(() => oauthLoginsColumns({ t, locale, menu }), [t, locale, menu]);

  const table = useClientTable(logins, columns);

  return (
    <div className="flex flex-col gap-3">
      <div aria-live="polite">
        {shown ? <FormMessage kind={shown.kind === "success" ? "success" : "error"}>{shown.text}</FormMessage> : null}
      </div>
      {/* The seed's "big grey area": it takes the right-click even when it has no rows (Nieuw); a */}
      {/* row takes it for its own actions. Keyboard: Shift+F10 / the Menu key on the area or a row. */}
      <DataTable
        table={table}
        rowAttributes={(r) => ({ "data-login": r.description })}
        area={{ label: t("oauthLogins.gridLabel"), testId: "oauth-logins-grid", tall: true }}
        onOpen={canChange ? (login) => setDialog({ login }) : undefined}
        rowMenu={menu}
        menu={
          canChange ? newMenu(t("oauthLogins.menu"), t("oauthLogins.newMenu"), () => setDialog({ login: null })) : null
        }
        toolbar={
          canChange ? (
            <div className="flex gap-2">
              <Button onClick={() => setDialog({ login: null })}>{t("oauthLogins.new")}</Button>
            </div>
          ) : null
        }
        empty={
          <>
            {t("oauthLogins.empty", { environment })}
            {canChange ? <span className="mt-1 block text-xs">{t("oauthLogins.emptyHint")}</span> : null}
          </>
        }
      />
      {dialog ? (
        <OAuthLoginDialog
          login={dialog.login}
          onClose={() => setDialog(null)}
          onSaved={(text) => {
            setDialog(null);
            setNotice({ kind: "success", text });
          }}
        />
      ) : null}
      {confirmDelete ? (
        <ConfirmDialog
          environmentScoped
          title={t("oauthLogins.deleteTitle")}
          text={t("oauthLogins.deleteConfirm", { description: confirmDelete.description })}
          onClose={() => setConfirmDelete(null)}
          onConfirm={() => {
            const login = confirmDelete;
            startTransition(async () => {
              const result = await deleteOAuthLoginAction({ loginId: login.id }, environmentId);
              const { description } = login;
              if (result.ok) setNotice({ kind: "success", text: t("oauthLogins.deleted", { description }) });
              else {
                const reason = translateMessage(t, applyActionResult(result), result.values);
                setNotice({ kind: "error", text: t("oauthLogins.deleteFailed", { description, reason }) });
              }
            });
          }}
        />
      ) : null}
    </div>
  );
}
