import "server-only";
import nodemailer from "nodemailer";
import type { LoginEvent } from "@/lib/data/login-event";
import type { EmailSettings } from "@/lib/data/notification-settings";
import { localesOfAddresses } from "@/lib/data/users";
import { DEFAULT_LOCALE, type Locale } from "@/lib/i18n/locales";
import { composeEmail } from "./email-message";
import { NotificationError } from "./notification-error";
import { smtpTransportOptions } from "./smtp-transport-options";

/** A failure of the SMTP server in words; a refusal for good (5xx, authentication) is not retried. */
function smtpError(e: unknown): NotificationError {
  const err = e as { code?: string; responseCode?: number };
  if (err.code === "EAUTH") return new NotificationError("email", "smtp_auth_failed", false);
  if (typeof err.responseCode === "number") {
    return new NotificationError("email", "smtp_refused", err.responseCode < 500, { status: err.responseCode });
  }
  if (["ECONNECTION", "ETIMEDOUT", "ESOCKET", "EDNS", "ECONNREFUSED"].includes(err.code ?? "")) {
    return new NotificationError("email", "smtp_unreachable", true);
  }
  return new NotificationError("email", "smtp_failed", true);
}

/**
 * Sends the event by e-mail over SMTP_URL: one message per language, Dutch by default and
 * English to portal users who chose English. Throws a NotificationError when the SMTP server
 * does not take it (the queue tries again when that can help).
 */
export async function sendEmailNotification(event: LoginEvent, email: EmailSettings): Promise<{ recipients: number }> {
  const locales = await localesOfAddresses(email.to);
  const byLocale = new Map<Locale, string[]>();
  for (const address of email.to) {
    const locale = locales.get(address.toLowerCase()) ?? DEFAULT_LOCALE;
    byLocale.set(locale, [...(byLocale.get(locale) ?? []), address]);
  }
  let transport: ReturnType<typeof nodemailer.createTransport>;
  try {
    transport = nodemailer.createTransport(smtpTransportOptions(email.transportUrl));
  } catch {
    throw new NotificationError("email", "smtp_url_invalid", false);
  }
  try {
    for (const [locale, to] of byLocale) {
      const message = composeEmail(event, locale);
      await transport.sendMail({
        from: email.from,
        to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        headers: { "X-Koppeling-Event": event.event },
      });
    }
  } catch (e) {
    throw smtpError(e);
  } finally {
    transport.close();
  }
  return { recipients: email.to.length };
}
