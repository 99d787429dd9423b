"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useTransition } from "react";
import { useForm } from "react-hook-form";
import { useEnvironmentId } from "@/components/ui/current-environment";
import { DialogActions } from "@/components/ui/dialog-actions";
import { FormMessage } from "@/components/ui/form-message";
import { ModalDialog } from "@/components/ui/modal-dialog";
import { SelectField } from "@/components/ui/select-field";
import { TextField } from "@/components/ui/text-field";
import { useFormMessage } from "@/components/ui/use-form-message";
import { EXACT_SITES, SITE_CODES } from "@/lib/exact-sites";
import { type CreateOAuthLoginInput, createOAuthLoginSchema } from "@/lib/schemas/oauth-logins";
import { createOAuthLoginAction, renameOAuthLoginAction } from "../actions";
import type { OAuthLoginRow } from "./oauth-login-row";

/**
 * "OAuth login" dialog. New: Omschrijving + Exact site, then Opslaan sends the browser to
 * Exact's login and consent screens. Edit: the description only (the site is part of the
 * consent; a login for another site is a new login).
 */
export function OAuthLoginDialog({
  login,
  onClose,
  onSaved,
}: {
  login: OAuthLoginRow | null;
  onClose: () => void;
  onSaved: (text: string) => void;
}) {
  const t = useTranslations();
  const environmentId = useEnvironmentId();
  const [pending, startTransition] = useTransition();
  const form = useForm<CreateOAuthLoginInput>({
    resolver: zodResolver(createOAuthLoginSchema),
    defaultValues: { description: login?.description ?? "", site: login?.site ?? "NL" },
  });

  const { message, submit, failed } = useFormMessage(form);
  const onSubmit = submit((values) =>
    startTransition(async () => {
      const result = login
        ? await renameOAuthLoginAction({ loginId: login.id, description: values.description }, environmentId)
        : await createOAuthLoginAction(values, environmentId);
      if (result.ok) {
        if (result.data && "connectUrl" in result.data) {
          // Off to Exact: its login, then its consent screen, then back to our callback.
          window.location.assign(result.data.connectUrl);
          return;
        }
        onSaved(t("oauthLogins.renamed", { description: values.description }));
        return;
      }
      failed(result);
    }),
  );

  return (
    <ModalDialog title={t("oauthLogins.dialogTitle")} onClose={onClose} environmentScoped>
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
        <p className="text-xs font-semibold tracking-wide text-slate-500 uppercase">{t("oauthLogins.general")}</p>
        {message ? <FormMessage kind={message.kind}>{message.text}</FormMessage> : null}
        <TextField
          label={t("oauthLogins.columns.description")}
          autoFocus
          maxLength={100}
          registration={form.register("description")}
          error={form.formState.errors.description}
        />
        <SelectField
          label={t("oauthLogins.columns.url")}
          disabled={Boolean(login)}
          registration={form.register("site")}
          error={form.formState.errors.site}
        >
          {SITE_CODES.map((s) => (
            <option key={s} value={s}>
              {EXACT_SITES[s]}/ — {t(`oauthLogins.sites.${s}`)}
            </option>
          ))}
        </SelectField>
        {login ? null : <p className="text-xs text-slate-500">{t("oauthLogins.saveHint")}</p>}
        <DialogActions onCancel={onClose} pending={pending} />
      </form>
    </ModalDialog>
  );
}
