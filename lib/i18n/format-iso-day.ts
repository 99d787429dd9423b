import { formatDate } from "./format-date";
import type { Locale } from "./locales";

/** A calendar day (yyyy-mm-dd) as the portal writes dates: 2-7-2016 (02/07/2016 in English). */
export function formatIsoDay(isoDay: string, locale: Locale): string {
  // Noon UTC is the same day in Amsterdam, summer and winter.
  return formatDate(new Date(`${isoDay}T12:00:00Z`), locale);
}
