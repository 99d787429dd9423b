"use client";

import {
  type ColumnDef,
  flexRender,
  getCoreRowModel,
  getSortedRowModel,
  type SortingState,
  useReactTable,
} from "@tanstack/react-table";
import { useLocale, useTranslations } from "next-intl";
import { useCallback, useMemo, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ContextMenu } from "@/components/ui/context-menu";
import { FormMessage } from "@/components/ui/form-message";
import type { ActionFailure } from "@/lib/forms/action-result";
import { applyActionResult } from "@/lib/forms/apply-action-result";
import { describeLoginState } from "@/lib/i18n/describe-login-state";
import { formatDate } from "@/lib/i18n/format-date";
import { resolveLocale } from "@/lib/i18n/locales";
import { translateMessage } from "@/lib/i18n/translate-message";
import { deleteOAuthLoginAction, testOAuthLoginAction } from "../actions";
import { OAuthLoginDialog } from "./oauth-login-dialog";
import type { OAuthLoginRow } from "./oauth-login-row";

const STATUS_STYLE: Record<OAuthLoginRow["status"], string> = {
  pending: "bg-slate-100 text-slate-700",
  active: "bg-green-100 text-green-800",
  expiring: "bg-amber-100 text-amber-900",
  needs_reauth: "bg-red-100 text-red-800",
  error: "bg-red-100 text-red-800",
};

type Notice = { kind: "error" | "success" | "warning"; text: string };

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
  const locale = resolveLocale(useLocale());
  const [sorting, setSorting] = useState<SortingState>([]);
  const [dialog, setDialog] = useState<{ login: OAuthLoginRow | null } | null>(null);
  const [menu, setMenu] = useState<{ x: number; y: number } | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<OAuthLoginRow | null>(null);
  const [notice, setNotice] = useState<Notice | null>(initialNotice);
  const [pending, startTransition] = useTransition();
  const closeMenu = useCallback(() => setMenu(null), []);

  const report = useCallback(
    (result: ActionFailure) =>
      setNotice({ kind: "error", text: translateMessage(t, applyActionResult(result), result.values) }),
    [t],
  );

  const columns = useMemo<ColumnDef<OAuthLoginRow>[]>(() => {
    const base: ColumnDef<OAuthLoginRow>[] = [
      { accessorKey: "description", header: t("oauthLogins.columns.description") },
      { accessorKey: "siteUrl", header: t("oauthLogins.columns.url") },
      {
        accessorKey: "exactUser",
        header: t("oauthLogins.columns.exactUser"),
        cell: ({ row }) => row.original.exactUser ?? "—",
      },
      {
        accessorKey: "status",
        header: t("oauthLogins.columns.status"),
        cell: ({ row }) => (
          <span>
            <span className={`rounded px-2 py-0.5 text-xs font-medium ${STATUS_STYLE[row.original.status]}`}>
              {t(`oauthLogins.status.${row.original.status}`)}
            </span>
            <span className="mt-1 block text-xs text-slate-600" data-testid="login-state">
              {describeLoginState(t, row.original, locale)}
            </span>
          </span>
        ),
      },
      {
        accessorKey: "loginExpiresAt",
        header: t("oauthLogins.columns.expires"),
        cell: ({ row }) =>
          row.original.loginExpiresAt ? formatDate(new Date(row.original.loginExpiresAt), locale) : "—",
      },
    ];
    if (!canChange) return base;
    return [
      ...base,
      {
        id: "actions",
        header: t("oauthLogins.columns.actions"),
        enableSorting: false,
        cell: ({ row }) => {
          const login = row.original;
          const connect = `/api/exact/connect?login=${login.id}${login.status === "pending" ? "" : "&force=1"}`;
          return (
            <div className="flex flex-wrap gap-2">
              <Button variant="secondary" onClick={() => setDialog({ login })}>
                {t("oauthLogins.edit")}
              </Button>
              {login.status === "pending" ? null : (
                <Button
                  variant="secondary"
                  disabled={pending}
                  onClick={() =>
                    startTransition(async () => {
                      const result = await testOAuthLoginAction({ loginId: login.id });
                      if (result.ok) {
                        setNotice({
                          kind: "success",
                          text: t("oauthLogins.tested", {
                            description: login.description,
                            user: `${result.data.fullName} (${result.data.userName})`,
                          }),
                        });
                      } else report(result);
                    })
                  }
                >
                  {t("oauthLogins.test")}
                </Button>
              )}
              <a
                href={connect}
                className="inline-flex items-center rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-100"
              >
                {login.status === "pending" ? t("oauthLogins.authorize") : t("oauthLogins.reauthorize")}
              </a>
              <Button variant="danger" onClick={() => setConfirmDelete(login)}>
                {t("oauthLogins.delete")}
              </Button>
            </div>
          );
        },
      },
    ];
  }, [t, locale, canChange, pending, report]);

  const table = useReactTable({
    data: logins,
    columns,
    state: { sorting },
    onSortingChange: setSorting,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getRowId: (r) => r.id,
  });

  const openMenuAt = (x: number, y: number) => canChange && setMenu({ x, y });

  return (
    <div className="flex flex-col gap-3">
      <div aria-live="polite">
        {notice ? (
          <FormMessage kind={notice.kind === "success" ? "success" : "error"}>{notice.text}</FormMessage>
        ) : null}
      </div>
      {canChange ? (
        <div className="flex gap-2">
          <Button onClick={() => setDialog({ login: null })}>{t("oauthLogins.new")}</Button>
        </div>
      ) : null}
      {/* The seed's "big grey area": it takes the right-click even when it has no rows. */}
      {/* Keyboard: focusable, Shift+F10 / the Menu key open the same menu; Nieuw is also a button. */}
      <section
        data-testid="oauth-logins-grid"
        tabIndex={canChange ? 0 : undefined}
        aria-label={t("oauthLogins.gridLabel")}
        className="min-h-64 rounded border border-slate-300 bg-slate-200/60 p-1"
        onContextMenu={(e) => {
          if (!canChange) return;
          e.preventDefault();
          openMenuAt(e.clientX, e.clientY);
        }}
        onKeyDown={(e) => {
          if (e.key === "ContextMenu" || (e.shiftKey && e.key === "F10")) {
            e.preventDefault();
            const box = e.currentTarget.getBoundingClientRect();
            openMenuAt(box.left + 16, box.top + 16);
          }
        }}
      >
        <table className="w-full border-collapse bg-white text-sm">
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id} className="border-b border-slate-200 text-left text-slate-600">
                {group.headers.map((header) => {
                  const sorted = header.column.getIsSorted();
                  return (
                    <th
                      key={header.id}
                      className="px-3 py-2 font-medium"
                      aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}
                    >
                      {header.column.getCanSort() ? (
                        <button
                          type="button"
                          className="inline-flex items-center gap-1 hover:text-slate-900"
                          onClick={header.column.getToggleSortingHandler()}
                        >
                          {flexRender(header.column.columnDef.header, header.getContext())}
                          <span aria-hidden>{sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : ""}</span>
                        </button>
                      ) : (
                        flexRender(header.column.columnDef.header, header.getContext())
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {table.getRowModel().rows.map((row) => (
              <tr key={row.id} data-login={row.original.description} className="border-b border-slate-100">
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id} className="px-3 py-2 align-top">
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                ))}
              </tr>
            ))}
            {logins.length === 0 ? (
              <tr>
                <td colSpan={columns.length} className="px-3 py-10 text-center text-slate-600">
                  {t("oauthLogins.empty", { environment })}
                  {canChange ? <span className="mt-1 block text-xs">{t("oauthLogins.emptyHint")}</span> : null}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </section>
      {menu ? (
        <ContextMenu
          x={menu.x}
          y={menu.y}
          label={t("oauthLogins.menu")}
          onClose={closeMenu}
          items={[{ label: t("oauthLogins.newMenu"), onSelect: () => setDialog({ login: null }) }]}
        />
      ) : null}
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
          title={t("oauthLogins.deleteTitle")}
          text={t("oauthLogins.deleteConfirm", { description: confirmDelete.description })}
          onClose={() => setConfirmDelete(null)}
          onConfirm={() => {
            const login = confirmDelete;
            startTransition(async () => {
              const result = await deleteOAuthLoginAction({ loginId: login.id });
              if (result.ok)
                setNotice({ kind: "success", text: t("oauthLogins.deleted", { description: login.description }) });
              else report(result);
            });
          }}
        />
      ) : null}
    </div>
  );
}
