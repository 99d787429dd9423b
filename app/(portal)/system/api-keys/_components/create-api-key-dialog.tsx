"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useLocale, useTranslations } from "next-intl";
import { useTransition } from "react";
import { useForm } from "react-hook-form";
import { useEnvironmentId } from "@/components/ui/current-environment";
import { DialogActions } from "@/components/ui/dialog-actions";
import { FormMessage } from "@/components/ui/form-message";
import { ModalDialog } from "@/components/ui/modal-dialog";
import { SelectField } from "@/components/ui/select-field";
import { TextField } from "@/components/ui/text-field";
import { useFormMessage } from "@/components/ui/use-form-message";
import { formatDate, startOfDayInAmsterdam } from "@/lib/i18n/format-date";
import { resolveLocale } from "@/lib/i18n/locales";
import {
  API_KEY_SCOPES,
  type CreateApiKeyInput,
  createApiKeySchema,
  defaultKeyExpiryDay,
} from "@/lib/schemas/api-keys";
import { createApiKeyAction } from "../actions";

export type CreatedKey = { key: string; prefix: string; name: string };

/**
 * Nieuwe API-sleutel: a name, what it may do (read only unless chosen) and its expiry day (a
 * year from today unless changed, or never); the key is made for the current environment.
 */
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
  const locale = resolveLocale(useLocale());
  const environmentId = useEnvironmentId();
  const [pending, startTransition] = useTransition();
  const form = useForm<CreateApiKeyInput>({
    resolver: zodResolver(createApiKeySchema),
    defaultValues: {
      name: "",
      scope: "read",
      // Shown as the portal writes dates, so it can be changed as it is typed.
      expiresOn: formatDate(startOfDayInAmsterdam(defaultKeyExpiryDay()), locale),
      neverExpires: false,
    },
  });
  const neverExpires = form.watch("neverExpires");

  const { message, submit, failed } = useFormMessage(form);
  const onSubmit = submit((values) =>
    startTransition(async () => {
      const result = await createApiKeyAction(values, environmentId);
      if (result.ok) return onCreated(result.data);
      failed(result);
    }),
  );

  return (
    <ModalDialog title={t("apiKeys.dialogTitle")} onClose={onClose} environmentScoped>
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
        {message ? <FormMessage kind={message.kind}>{message.text}</FormMessage> : null}
        <p className="text-sm text-slate-600">{t("apiKeys.forEnvironment", { environment })}</p>
        <TextField
          label={t("apiKeys.columns.name")}
          hint={t("apiKeys.nameHint")}
          autoFocus
          maxLength={100}
          registration={form.register("name")}
          error={form.formState.errors.name}
        />
        <SelectField
          label={t("apiKeys.scope")}
          hint={t("apiKeys.scopeHint")}
          registration={form.register("scope")}
          error={form.formState.errors.scope}
        >
          {API_KEY_SCOPES.map((scope) => (
            <option key={scope} value={scope}>
              {t(`apiKeys.scopes.${scope}`)}
            </option>
          ))}
        </SelectField>
        <TextField
          label={t("apiKeys.expiresOn")}
          hint={t("apiKeys.expiresOnHint")}
          // Typed as the portal writes dates (31-1-2027), not the browser's date picker, whose
          // format and messages follow the browser's language.
          placeholder={t("audit.filters.dateHint")}
          autoComplete="off"
          spellCheck={false}
          // A disabled field sends nothing: a key that never expires has no day.
          registration={form.register("expiresOn", { disabled: neverExpires })}
          error={neverExpires ? undefined : form.formState.errors.expiresOn}
        />
        <div className="flex flex-col gap-1">
          <label className="flex items-center gap-2 text-sm text-slate-700">
            <input type="checkbox" aria-describedby="neverExpires-hint" {...form.register("neverExpires")} />
            {t("apiKeys.neverExpires")}
          </label>
          <p id="neverExpires-hint" className="text-xs text-slate-500">
            {t("apiKeys.neverExpiresHint")}
          </p>
        </div>
        <DialogActions onCancel={onClose} pending={pending} />
      </form>
    </ModalDialog>
  );
}
