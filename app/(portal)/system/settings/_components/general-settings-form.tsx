"use client";

import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { applyActionResult } from "@/lib/forms/apply-action-result";
import { translateMessage } from "@/lib/i18n/translate-message";
import { saveEnvironmentSettingsAction } from "../actions";

/** Tab Algemeen: the environment's own settings. */
export function GeneralSettingsForm({
  environment,
  expiryWarningDays,
  canChange,
}: {
  environment: string;
  expiryWarningDays: number;
  canChange: boolean;
}) {
  const t = useTranslations();
  const [value, setValue] = useState(String(expiryWarningDays));
  const [message, setMessage] = useState<{ kind: "error" | "success"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <form
      className="flex max-w-md flex-col gap-3 rounded border border-slate-200 bg-white p-4"
      onSubmit={(e) => {
        e.preventDefault();
        startTransition(async () => {
          const r = await saveEnvironmentSettingsAction({ expiryWarningDays: value });
          if (r.ok) setMessage({ kind: "success", text: t("settings.generalSaved", { environment }) });
          else setMessage({ kind: "error", text: translateMessage(t, applyActionResult(r), r.values) });
        });
      }}
    >
      {message ? <FormMessage kind={message.kind}>{message.text}</FormMessage> : null}
      <label htmlFor="expiryWarningDays" className="text-sm font-medium text-slate-700">
        {t("settings.expiryWarningDays", { environment })}
      </label>
      <input
        id="expiryWarningDays"
        type="number"
        min={1}
        max={29}
        value={value}
        disabled={!canChange}
        onChange={(e) => setValue(e.target.value)}
        className="w-24 rounded border border-slate-300 px-2 py-1.5 text-sm disabled:bg-slate-100"
      />
      <p className="text-xs text-slate-500">{t("settings.expiryWarningHint")}</p>
      {canChange ? (
        <div>
          <Button type="submit" disabled={pending}>
            {t("oauthLogins.save")}
          </Button>
        </div>
      ) : null}
    </form>
  );
}
