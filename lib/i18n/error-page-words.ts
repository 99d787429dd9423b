/** The words of an error page, in the visitor's language. */
export type ErrorPageWords = { title: string; text: string; reference: string; retry: string; back: string };

import { type Locale, resolveLocale } from "./locales";

// The error page's few words live here rather than in messages/*.json: app/global-error.tsx
// replaces the root layout and so has no message provider (and should not carry a whole
// catalog into the browser for five sentences); app/error.tsx takes them from here too, so
// there is one place for them.
const WORDS: Record<Locale, ErrorPageWords> = {
  nl: {
    title: "Er ging iets mis",
    text: "Deze pagina kon niet worden geladen. Probeer het opnieuw; lukt het dan nog niet, geef de referentie hieronder door aan een beheerder: daarmee vindt die de oorzaak in het logboek van de server.",
    reference: "Referentie",
    retry: "Opnieuw proberen",
    back: "Naar het overzicht",
  },
  en: {
    title: "Something went wrong",
    text: "This page could not be loaded. Try again; if it still fails, give the reference below to an administrator, who finds the cause with it in the server's log.",
    reference: "Reference",
    retry: "Try again",
    back: "To the overview",
  },
};

export function errorPageWords(locale: string | undefined): ErrorPageWords {
  return WORDS[resolveLocale(locale)];
}
