"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useLocale, useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { useEnvironmentId } from "@/components/ui/current-environment";
import { DialogActions } from "@/components/ui/dialog-actions";
import { FormMessage } from "@/components/ui/form-message";
import { ModalDialog } from "@/components/ui/modal-dialog";
import { SelectField } from "@/components/ui/select-field";
import { StoredSecret } from "@/components/ui/stored-secret";
import { TextField } from "@/components/ui/text-field";
import { useFormMessage } from "@/components/ui/use-form-message";
import { describeLoginState } from "@/lib/i18n/describe-login-state";
import { resolveLocale } from "@/lib/i18n/locales";
import { type AdministrationInput, administrationSchema } from "@/lib/schemas/administrations";
import { createAdministrationAction, updateAdministrationAction } from "../actions";
import type { AdministrationRow, LoginOption } from "./settings-rows";

/**
 * The seed's "Bron administratie" dialog. The proxy password is write-only: the form only
 * knows whether one is set, and offers Wijzigen (type a new one) and Wissen.
 */
export function AdministrationDialog({
  administration,
  logins,
  onClose,
  onSaved,
}: {
  administration: AdministrationRow | null;
  logins: LoginOption[];
  onClose: () => void;
  onSaved: (text: string) => void;
}) {
  const t = useTranslations();
  const environmentId = useEnvironmentId();
  const locale = resolveLocale(useLocale());
  const [pending, startTransition] = useTransition();
  const form = useForm<AdministrationInput>({
    resolver: zodResolver(administrationSchema),
    defaultValues: {
      type: administration?.type ?? "exact_online",
      description: administration?.description ?? "",
      oauthLoginId: administration?.oauthLoginId ?? "",
      proxyServer: administration?.proxyServer ?? "",
      proxyUsername: administration?.proxyUsername ?? "",
      proxyPasswordAction: "keep",
      proxyPassword: "",
      proxyDomain: administration?.proxyDomain ?? "",
    },
  });
  const passwordAction = form.watch("proxyPasswordAction");
  // What the chosen login (or none) means for the administration's divisions: saving is allowed
  // either way, but a login that cannot reach Exact yet leaves them unlinked for now.
  const chosenLogin = logins.find((l) => l.id === form.watch("oauthLoginId"));
  const loginConsequence = !chosenLogin
    ? t("settings.loginConsequence.none")
    : chosenLogin.state.status === "pending" || chosenLogin.state.status === "needs_reauth"
      ? t(`settings.loginConsequence.${chosenLogin.state.status}`)
      : undefined;
  const passwordSet = Boolean(administration?.proxyPasswordSet);
  // With a password stored, the field appears only after Wijzigen.
  const [changing, setChanging] = useState(!passwordSet);

  const { message, submit, failed } = useFormMessage(form);
  const onSubmit = submit((values) =>
    startTransition(async () => {
      const result = administration
        ? await updateAdministrationAction({ administrationId: administration.id, values }, environmentId)
        : await createAdministrationAction(values, environmentId);
      if (result.ok) return onSaved(t("settings.administrationSaved", { description: values.description }));
      failed(result);
      // "Type the password again": show the field it belongs to.
      if (result.fieldErrors?.proxyPassword) setChanging(true);
    }),
  );

  return (
    <ModalDialog title={t("settings.administrationDialog")} onClose={onClose} environmentScoped>
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-3">
        {message ? <FormMessage kind={message.kind}>{message.text}</FormMessage> : null}
        <fieldset className="flex flex-col gap-3">
          <legend className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">
            {t("settings.general")}
          </legend>
          <SelectField label={t("settings.columns.type")} registration={form.register("type")}>
            <option value="exact_online">{t("settings.types.exact_online")}</option>
          </SelectField>
          <TextField
            label={t("settings.columns.description")}
            autoFocus
            maxLength={100}
            registration={form.register("description")}
            error={form.formState.errors.description}
          />
        </fieldset>
        <fieldset className="flex flex-col gap-3">
          <legend className="mt-2 mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">
            {t("settings.settings")}
          </legend>
          <SelectField
            label={t("settings.columns.oauthLogin")}
            hint={loginConsequence}
            registration={form.register("oauthLoginId")}
            error={form.formState.errors.oauthLoginId}
          >
            <option value="">{t("settings.noLogin")}</option>
            {logins.map((l) => (
              <option key={l.id} value={l.id}>
                {l.description} ({describeLoginState(t, l.state, locale)})
              </option>
            ))}
          </SelectField>
          <TextField
            label={t("settings.proxyServer")}
            placeholder="proxy.example.nl:8080"
            hint={t("settings.proxyServerHint")}
            registration={form.register("proxyServer")}
            error={form.formState.errors.proxyServer}
          />
          <TextField
            label={t("settings.proxyUsername")}
            autoComplete="off"
            registration={form.register("proxyUsername")}
            error={form.formState.errors.proxyUsername}
          />
          {passwordSet && !changing ? (
            <StoredSecret
              label={t("settings.proxyPassword")}
              testId="proxy-password-state"
              isSetText={t("settings.passwordIsSet")}
              willClearText={t("settings.passwordWillClear")}
              action={passwordAction}
              onAction={(action) => form.setValue("proxyPasswordAction", action)}
              onChange={() => setChanging(true)}
            />
          ) : (
            <TextField
              label={t("settings.proxyPassword")}
              type="password"
              autoComplete="new-password"
              registration={form.register("proxyPassword")}
              error={form.formState.errors.proxyPassword}
            />
          )}
          <TextField
            label={t("settings.proxyDomain")}
            registration={form.register("proxyDomain")}
            error={form.formState.errors.proxyDomain}
          />
        </fieldset>
        <DialogActions onCancel={onClose} pending={pending} />
      </form>
    </ModalDialog>
  );
}
