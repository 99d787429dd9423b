"use client";

import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { useEnvironmentId } from "@/components/ui/current-environment";
import { FormMessage } from "@/components/ui/form-message";
import { applyActionResult } from "@/lib/forms/apply-action-result";
import { translateMessage } from "@/lib/i18n/translate-message";
import type { TestOutcome } from "@/lib/notify/send-test-notification";
import { sendTestNotificationAction } from "../actions";

/** "Stuur testmelding": sends one test of each configured kind (the saved settings) and says how each went. */
export function SendTestNotification() {
  const t = useTranslations();
  const environmentId = useEnvironmentId();
  const [messages, setMessages] = useState<{ kind: "error" | "success"; text: string }[]>([]);
  const [pending, startTransition] = useTransition();
  const words = (o: TestOutcome) => {
    if (o.ok) {
      return o.channel === "email"
        ? t("settings.notify.sent.email", { count: o.recipients })
        : t("settings.notify.sent.webhook", { host: o.host });
    }
    const key = `settings.notify.failure.${o.code}`;
    const reason = t.has(key) ? t(key, o.values) : t("settings.notify.failure.failed");
    return t(`settings.notify.failed.${o.channel}`, { reason });
  };
  return (
    <div className="flex flex-col gap-2 rounded border border-slate-200 bg-white p-4">
      <p className="text-xs text-slate-500">{t("settings.notify.testHint")}</p>
      {messages.map((m) => (
        <FormMessage key={m.text} kind={m.kind}>
          {m.text}
        </FormMessage>
      ))}
      <div>
        <Button
          variant="secondary"
          disabled={pending}
          onClick={() =>
            startTransition(async () => {
              const r = await sendTestNotificationAction({}, environmentId);
              setMessages(
                r.ok
                  ? r.data.map((o) => ({ kind: o.ok ? "success" : "error", text: words(o) }))
                  : [{ kind: "error", text: translateMessage(t, applyActionResult(r), r.values) }],
              );
            })
          }
        >
          {t("settings.notify.sendTest")}
        </Button>
      </div>
    </div>
  );
}
