import "server-only";
// use-intl/core: the translator without React (the bench script loads this module too).
import { createTranslator } from "use-intl/core";
import type { Translate } from "@/lib/i18n/describe-login-state";
import en from "@/messages/en.json";

/**
 * The API speaks English: its words end up in another system's log, read by whoever runs that
 * system. The portal's own vocabulary (errors.*, a login's state) in the portal's own English.
 */
export const apiWords = createTranslator({
  locale: "en",
  messages: en,
  timeZone: "Europe/Amsterdam",
}) as unknown as Translate;

/** errors.<code> in English with the values an AppError carries; the generic words otherwise. */
export function errorInWords(code: string, values?: Record<string, string | number>): string {
  return apiWords.has(`errors.${code}`) ? apiWords(`errors.${code}`, values ?? {}) : apiWords("errors.unexpected");
}
