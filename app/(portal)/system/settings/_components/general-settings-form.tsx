"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { type FieldError, useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { useEnvironmentId } from "@/components/ui/current-environment";
import { FormMessage } from "@/components/ui/form-message";
import { StoredSecret } from "@/components/ui/stored-secret";
import { TextField } from "@/components/ui/text-field";
import { useFormMessage } from "@/components/ui/use-form-message";
import type { NotificationOverview } from "@/lib/data/notification-settings";
import { ENVIRONMENT_COLOURS, type EnvironmentColour, tagClass } from "@/lib/environments/environment-colours";
import { type EnvironmentSettingsInput, environmentSettingsSchema } from "@/lib/schemas/administrations";
import { saveEnvironmentSettingsAction } from "../actions";
import { NotificationStatus } from "./notification-status";
import { SendTestNotification } from "./send-test-notification";

/**
 * Tab Algemeen: the environment's own settings — the expiry warning, and where
 * notifications go. The webhook secret is write-only: the form only knows whether one is
 * set, and offers Wijzigen (type a new one) and Wissen.
 */
export function GeneralSettingsForm({
  environment,
  expiryWarningDays,
  colour,
  notify,
  canChange,
}: {
  environment: string;
  expiryWarningDays: number;
  colour: EnvironmentColour;
  notify: NotificationOverview;
  canChange: boolean;
}) {
  const t = useTranslations();
  const environmentId = useEnvironmentId();
  const [pending, startTransition] = useTransition();
  const form = useForm<EnvironmentSettingsInput>({
    resolver: zodResolver(environmentSettingsSchema),
    defaultValues: {
      expiryWarningDays: String(expiryWarningDays),
      colour,
      notifyEmailTo: notify.emailTo,
      notifyWebhookUrl: notify.webhookUrl,
      notifyWebhookSecretAction: "keep",
      notifyWebhookSecret: "",
    },
  });
  const { message, submit, failed, succeeded } = useFormMessage(form);
  const secretAction = form.watch("notifyWebhookSecretAction");
  // With a secret stored, the field appears only after Wijzigen.
  const [changing, setChanging] = useState(false);
  const errors = form.formState.errors;

  const onSubmit = submit((values) =>
    startTransition(async () => {
      const r = await saveEnvironmentSettingsAction(values, environmentId);
      if (r.ok) {
        form.reset({ ...values, notifyWebhookSecretAction: "keep", notifyWebhookSecret: "" });
        setChanging(false);
        return succeeded(t("settings.generalSaved", { environment }));
      }
      failed(r);
      if (r.fieldErrors?.notifyWebhookSecret) setChanging(true);
    }),
  );

  return (
    <div className="flex max-w-xl flex-col gap-4">
      <form
        noValidate
        onSubmit={onSubmit}
        className="flex flex-col gap-3 rounded border border-slate-200 bg-white p-4"
        aria-label={t("settings.tabs.general")}
      >
        {message ? <FormMessage kind={message.kind}>{message.text}</FormMessage> : null}
        <TextField
          label={t("settings.expiryWarningDays", { environment })}
          hint={t("settings.expiryWarningHint")}
          // Text, not type=number with min and max: the browser would add its own message, in
          // its own language, beside the portal's (and a number field swallows letters silently).
          inputMode="numeric"
          autoComplete="off"
          disabled={!canChange}
          className="w-24 rounded border border-slate-300 px-2 py-1.5 text-sm disabled:bg-slate-100 aria-[invalid]:border-red-500"
          registration={form.register("expiryWarningDays")}
          // The input is unknown to zod (coerced), so react-hook-form cannot tell its error is a plain one.
          error={errors.expiryWarningDays as FieldError | undefined}
        />
        <fieldset className="flex flex-col gap-1" disabled={!canChange}>
          <legend className="text-sm font-medium">{t("settings.colour", { environment })}</legend>
          <p className="text-xs text-slate-500">{t("settings.colourHint")}</p>
          <div className="flex flex-wrap gap-2">
            {ENVIRONMENT_COLOURS.map((c) => (
              <label
                key={c}
                className="flex cursor-pointer items-center gap-1.5 rounded border border-slate-300 px-2 py-1 text-sm has-[:checked]:border-slate-900 has-[:checked]:ring-2 has-[:checked]:ring-slate-900 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-blue-600"
              >
                <input type="radio" value={c} {...form.register("colour")} className="sr-only" />
                <span aria-hidden="true" className={`inline-block h-4 w-4 rounded-full ${tagClass(c)}`} />
                {t(`settings.colours.${c}`)}
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset className="mt-2 flex flex-col gap-3">
          <legend className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">
            {t("settings.notify.title")}
          </legend>
          <p className="text-xs text-slate-500">{t("settings.notify.intro")}</p>
          <NotificationStatus notify={notify} />
          <TextField
            label={t("settings.notify.emailTo")}
            hint={t("settings.notify.emailToHint")}
            placeholder="beheer@example.nl, support@example.nl"
            autoComplete="off"
            disabled={!canChange}
            registration={form.register("notifyEmailTo")}
            error={errors.notifyEmailTo}
          />
          <TextField
            label={t("settings.notify.webhookUrl")}
            hint={t("settings.notify.webhookUrlHint")}
            placeholder="https://hooks.example.nl/koppeling"
            autoComplete="off"
            disabled={!canChange}
            registration={form.register("notifyWebhookUrl")}
            error={errors.notifyWebhookUrl}
          />
          {notify.webhookSecretSet && !changing ? (
            <StoredSecret
              label={t("settings.notify.webhookSecret")}
              testId="webhook-secret-state"
              isSetText={t("settings.notify.secretIsSet")}
              willClearText={t("settings.notify.secretWillClear")}
              action={secretAction}
              onAction={(action) => form.setValue("notifyWebhookSecretAction", action)}
              onChange={() => setChanging(true)}
              editable={canChange}
            />
          ) : (
            <TextField
              label={t("settings.notify.webhookSecret")}
              hint={t("settings.notify.webhookSecretHint")}
              type="password"
              autoComplete="new-password"
              disabled={!canChange}
              registration={form.register("notifyWebhookSecret")}
              error={errors.notifyWebhookSecret}
            />
          )}
        </fieldset>
        {canChange ? (
          <div>
            <Button type="submit" disabled={pending}>
              {t("oauthLogins.save")}
            </Button>
          </div>
        ) : null}
      </form>
      {canChange ? <SendTestNotification /> : null}
    </div>
  );
}
