import "server-only";
// use-intl/core: the translator without React, so the worker (a plain Node process) can load it.
import { createTranslator } from "use-intl/core";
import type { LoginEvent } from "@/lib/data/login-event";
import { type ExactSite, siteDisplayUrl } from "@/lib/exact-sites";
import { formatDate } from "@/lib/i18n/format-date";
import type { Locale } from "@/lib/i18n/locales";
import en from "@/messages/en.json";
import nl from "@/messages/nl.json";
import { portalUrl } from "./portal-url";

export type EmailMessage = { subject: string; text: string; html: string };

const CATALOGS = { nl, en };
// Keys are built from the event's name and the login's status and reason.
type Translate = { (key: string, values?: Record<string, string | number>): string; has(key: string): boolean };

/** Where to go about the event: the login in Systeem › OAuth logins, or the settings for a test. */
export function eventLink(event: LoginEvent): string {
  return event.event === "test"
    ? portalUrl("/system/settings?tab=general")
    : portalUrl(`/system/oauth-logins?login=${encodeURIComponent(event.login.id)}`);
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);

/**
 * The e-mail for an event, in one language: what happened in words, the environment, the
 * login, the administrations and divisions that depend on it, and a link to fix it.
 */
export function composeEmail(event: LoginEvent, locale: Locale): EmailMessage {
  const t = createTranslator({ locale, messages: CATALOGS[locale] }) as unknown as Translate;
  const kind = event.event === "test" ? "test" : event.event.replace(/^oauth_login\./, "");
  const { login, environment } = event;
  const at = new Date(event.occurredAt);
  const expires = login.expiresAt ? new Date(login.expiresAt) : null;
  const date = expires ? formatDate(expires, locale) : "none";
  const lastError = `oauthLogins.lastError.${login.reason}`;
  const reason =
    login.reason && t.has(lastError)
      ? t(lastError, login.reasonValues ?? {})
      : expires && expires <= at
        ? t("notifications.expired", { date })
        : t("notifications.noReason");
  const values = { environment: environment.name, login: login.description, date, reason };
  const subject = t(`notifications.subject.${kind}`, values);
  const headline = t(`notifications.headline.${kind}`, values);
  const link = { label: t(`notifications.link.${kind}`), url: eventLink(event) };
  const footer = t(kind === "test" ? "notifications.footer.test" : "notifications.footer.login");

  const facts: [string, string][] = [[t("notifications.environment"), environment.name]];
  if (kind !== "test") {
    facts.push([t("notifications.login"), `${login.description} (${siteDisplayUrl(login.site as ExactSite)})`]);
    facts.push([t("notifications.status"), t(`linkState.${login.status}`)]);
    if (expires) facts.push([t("notifications.expiresAt"), formatDate(expires, locale)]);
  }
  const administrations = event.administrations.map((a) => ({
    name: a.description,
    divisions: a.divisions.length
      ? a.divisions
          .map(
            (d) =>
              `${d.code} - ${d.name}${d.exactDivision === null ? "" : ` (${t("notifications.exactDivision", { code: d.exactDivision })})`}`,
          )
          .join(", ")
      : t("notifications.noDivisions"),
  }));
  const usedBy =
    kind === "test"
      ? null
      : administrations.length
        ? t("notifications.administrations")
        : t("notifications.noAdministrations");

  const text = [
    headline,
    "",
    ...facts.map(([k, v]) => `${k}: ${v}`),
    ...(usedBy ? ["", usedBy, ...administrations.map((a) => `- ${a.name}: ${a.divisions}`)] : []),
    "",
    `${link.label}: ${link.url}`,
    "",
    "-- ",
    footer,
    "",
  ].join("\n");

  const h = escapeHtml;
  const html = [
    "<!doctype html>",
    `<html lang="${locale}"><body style="font-family:sans-serif;font-size:14px;color:#1e293b">`,
    `<p><strong>${h(headline)}</strong></p>`,
    `<table>${facts.map(([k, v]) => `<tr><td style="padding-right:12px;color:#64748b">${h(k)}</td><td>${h(v)}</td></tr>`).join("")}</table>`,
    usedBy
      ? `<p>${h(usedBy)}</p>${
          administrations.length
            ? `<ul>${administrations.map((a) => `<li>${h(a.name)}: ${h(a.divisions)}</li>`).join("")}</ul>`
            : ""
        }`
      : "",
    `<p><a href="${h(link.url)}">${h(link.label)}</a></p>`,
    `<p style="color:#64748b;font-size:12px">${h(footer)}</p>`,
    "</body></html>",
  ].join("\n");
  return { subject, text, html };
}
