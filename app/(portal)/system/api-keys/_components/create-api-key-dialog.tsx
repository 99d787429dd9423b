"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { useEnvironmentId } from "@/components/ui/current-environment";
import { DialogActions } from "@/components/ui/dialog-actions";
import { FormMessage } from "@/components/ui/form-message";
import { ModalDialog } from "@/components/ui/modal-dialog";
import { TextField } from "@/components/ui/text-field";
import { applyActionResult } from "@/lib/forms/apply-action-result";
import { translateMessage } from "@/lib/i18n/translate-message";
import { type CreateApiKeyInput, createApiKeySchema } from "@/lib/schemas/api-keys";
import { createApiKeyAction } from "../actions";

export type CreatedKey = { key: string; prefix: string; name: string };

/** Nieuwe API-sleutel: a name and an optional expiry day; the key is made for the current environment. */
export function CreateApiKeyDialog({
  environment,
  onClose,
  onCreated,
}: {
  environment: string;
  onClose: () => void;
  onCreated: (created: CreatedKey) => void;
}) {
  const t = useTranslations();
  const environmentId = useEnvironmentId();
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const form = useForm<CreateApiKeyInput>({
    resolver: zodResolver(createApiKeySchema),
    defaultValues: { name: "", expiresOn: "" },
  });

  const onSubmit = form.handleSubmit((values) =>
    startTransition(async () => {
      const result = await createApiKeyAction(values, environmentId);
      if (result.ok) return onCreated(result.data);
      const formError = applyActionResult(result, form);
      setFormError(formError ? translateMessage(t, formError, result.values) : null);
    }),
  );

  return (
    <ModalDialog title={t("apiKeys.dialogTitle")} onClose={onClose} environmentScoped>
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
        {formError ? <FormMessage kind="error">{formError}</FormMessage> : null}
        <p className="text-sm text-slate-600">{t("apiKeys.forEnvironment", { environment })}</p>
        <TextField
          label={t("apiKeys.columns.name")}
          hint={t("apiKeys.nameHint")}
          autoFocus
          maxLength={100}
          registration={form.register("name")}
          error={form.formState.errors.name}
        />
        <TextField
          label={t("apiKeys.expiresOn")}
          hint={t("apiKeys.expiresOnHint")}
          // Typed as the portal writes dates (31-1-2027), not the browser's date picker, whose
          // format and messages follow the browser's language.
          placeholder={t("audit.filters.dateHint")}
          autoComplete="off"
          spellCheck={false}
          registration={form.register("expiresOn")}
          error={form.formState.errors.expiresOn}
        />
        <DialogActions onCancel={onClose} pending={pending} />
      </form>
    </ModalDialog>
  );
}
