import "server-only";
// use-intl/core: the translator without React, as the notifications use it.
import { createTranslator } from "use-intl/core";
import type { Translate } from "@/lib/i18n/describe-login-state";
import type { Locale } from "@/lib/i18n/locales";
import en from "@/messages/en.json";
import nl from "@/messages/nl.json";

const CATALOGS = { nl, en };

/**
 * The language of the words in an API answer (a state in words, say): Dutch when the caller's
 * Accept-Language prefers it over English, English otherwise — the codes beside the words are
 * what a program reads, the words are for the person reading its log.
 */
export function apiLocale(request: Request): Locale {
  const ranked = (request.headers.get("accept-language") ?? "")
    .split(",")
    .map((part) => {
      const [tag, ...params] = part.trim().toLowerCase().split(";");
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { lang: tag.split("-")[0], q: q === undefined ? 1 : Number(q) };
    })
    .filter((l) => (l.lang === "nl" || l.lang === "en") && l.q > 0)
    .sort((a, b) => b.q - a.q);
  return ranked[0]?.lang === "nl" ? "nl" : "en";
}

export function apiTranslator(locale: Locale): Translate {
  return createTranslator({ locale, messages: CATALOGS[locale] }) as unknown as Translate;
}

/** The API's own sentences (its errors) are English; a state in words beside them too. */
export const apiEnglish = apiTranslator("en");

/** errors.<code> in English with the values an AppError carries; the generic words otherwise. */
export function errorInWords(code: string, values?: Record<string, string | number>): string {
  return apiEnglish.has(`errors.${code}`)
    ? apiEnglish(`errors.${code}`, values ?? {})
    : apiEnglish("errors.unexpected");
}
