"use client";

import dynamic from "next/dynamic";
import { useLocale, useTranslations } from "next-intl";
import { useMemo, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useEnvironmentId } from "@/components/ui/current-environment";
import { DataTable, newMenu } from "@/components/ui/data-table";
import { FormMessage } from "@/components/ui/form-message";
import { useClientTable } from "@/components/ui/use-client-table";
import { applyActionResult } from "@/lib/forms/apply-action-result";
import { resolveLocale } from "@/lib/i18n/locales";
import { translateMessage } from "@/lib/i18n/translate-message";
import { revokeApiKeyAction } from "../actions";
import type { ApiKeyRow } from "./api-key-row";
import { apiKeyMenu, apiKeysColumns } from "./api-keys-columns";
import type { CreatedKey } from "./create-api-key-dialog";

// The dialogs load when first opened: react-hook-form, zod and the key's schema are not part of
// the list most visits are for (212 → see docs/BENCHMARKS.md).
const CreateApiKeyDialog = dynamic(() => import("./create-api-key-dialog").then((m) => m.CreateApiKeyDialog));
const NewKeyDialog = dynamic(() => import("./new-key-dialog").then((m) => m.NewKeyDialog));

type Notice = { kind: "error" | "success"; text: string };

export function ApiKeysScreen({ keys, environment }: { keys: ApiKeyRow[]; environment: string }) {
  const t = useTranslations();
  const environmentId = useEnvironmentId();
  const locale = resolveLocale(useLocale());
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const [confirmRevoke, setConfirmRevoke] = useState<ApiKeyRow | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [pending, startTransition] = useTransition();

  const menu = useMemo(() => apiKeyMenu(t, { pending, revoke: setConfirmRevoke }), [t, pending]);
  const columns = useMemo(() => apiKeysColumns({ t, locale, menu }), [t, locale, menu]);
  const table = useClientTable(keys, columns);

  const startCreating = () => {
    setNotice(null);
    setCreating(true);
  };
  const revoke = (key: ApiKeyRow) =>
    startTransition(async () => {
      const result = await revokeApiKeyAction({ keyId: key.id }, environmentId);
      if (result.ok) setNotice({ kind: "success", text: t("apiKeys.revoked", { name: key.name }) });
      else setNotice({ kind: "error", text: translateMessage(t, applyActionResult(result), result.values) });
    });

  return (
    <div className="flex flex-col gap-3">
      <div aria-live="polite">{notice ? <FormMessage kind={notice.kind}>{notice.text}</FormMessage> : null}</div>
      <DataTable
        table={table}
        label={t("apiKeys.gridLabel")}
        area={{ label: t("apiKeys.gridLabel"), testId: "api-keys-grid" }}
        rowAttributes={(r) => ({ "data-key": r.name, "data-prefix": r.prefix })}
        rowMenu={menu}
        menu={newMenu(t("apiKeys.gridLabel"), t("apiKeys.new"), startCreating)}
        toolbar={
          <div className="flex gap-2">
            <Button onClick={startCreating}>{t("apiKeys.new")}</Button>
          </div>
        }
        empty={t("apiKeys.empty", { environment })}
      />
      {creating ? (
        <CreateApiKeyDialog
          environment={environment}
          onClose={() => setCreating(false)}
          onCreated={(key) => {
            setCreating(false);
            setCreated(key);
          }}
        />
      ) : null}
      {created ? <NewKeyDialog created={created} onClose={() => setCreated(null)} /> : null}
      {confirmRevoke ? (
        <ConfirmDialog
          environmentScoped
          title={t("apiKeys.revokeTitle")}
          text={t("apiKeys.revokeConfirm", { name: confirmRevoke.name, prefix: confirmRevoke.prefix })}
          confirmLabel={t("apiKeys.revoke")}
          onClose={() => setConfirmRevoke(null)}
          onConfirm={() => revoke(confirmRevoke)}
        />
      ) : null}
    </div>
  );
}
