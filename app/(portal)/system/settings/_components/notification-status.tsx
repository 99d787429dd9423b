"use client";

import { useTranslations } from "next-intl";
import type { NotificationOverview } from "@/lib/data/notification-settings";

/** What the saved settings send, in words: e-mail, webhook, or nothing at all. */
export function NotificationStatus({ notify }: { notify: NotificationOverview }) {
  const t = useTranslations("settings.notify.status");
  const lines: string[] = [];
  if (notify.recipients === 0 && !notify.webhookHost) lines.push(t("nothing"));
  if (!notify.smtpConfigured) {
    lines.push(notify.recipients ? t("emailNoSmtp", { count: notify.recipients }) : t("noSmtp"));
  } else if (notify.recipients) {
    lines.push(t(notify.recipientsFromServer ? "emailFromServer" : "email", { count: notify.recipients }));
  }
  if (notify.webhookHost) {
    const host = notify.webhookHost;
    lines.push(
      notify.webhookSigned
        ? t(notify.webhookFromServer ? "webhookFromServer" : "webhook", { host })
        : t("webhookUnsigned", { host }),
    );
  }
  return (
    <ul
      data-testid="notify-status"
      className="flex flex-col gap-1 rounded bg-slate-50 px-3 py-2 text-sm text-slate-700"
    >
      {lines.map((line) => (
        <li key={line}>{line}</li>
      ))}
    </ul>
  );
}
