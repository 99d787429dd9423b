import { type Locale, TIME_ZONE } from "./locales";

// Dutch dates as the seed writes them: day-month-year without leading zeros (2-7-2016),
// always in Amsterdam time whatever the server's zone. English (en-GB): 02/07/2016, day first too.
const TAGS: Record<Locale, string> = { nl: "nl-NL", en: "en-GB" };

export function formatDate(date: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(TAGS[locale], {
    day: "numeric",
    month: "numeric",
    year: "numeric",
    timeZone: TIME_ZONE,
  }).format(date);
}

/** 2-7-2016 14:03 (with `seconds`: 14:03:05, for records that come seconds apart). */
export function formatDateTime(date: Date, locale: Locale, options: { seconds?: boolean } = {}): string {
  const time = new Intl.DateTimeFormat(TAGS[locale], {
    hour: "2-digit",
    minute: "2-digit",
    second: options.seconds ? "2-digit" : undefined,
    hourCycle: "h23",
    timeZone: TIME_ZONE,
  }).format(date);
  return `${formatDate(date, locale)} ${time}`;
}

/** The UTC instant at which the given calendar day (yyyy-mm-dd) starts in Amsterdam. */
export function startOfDayInAmsterdam(isoDay: string): Date {
  const [y, m, d] = isoDay.split("-").map(Number);
  const guess = Date.UTC(y, m - 1, d);
  // Amsterdam is UTC+1 or UTC+2: find the offset that applies at that moment.
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: TIME_ZONE,
    hour: "numeric",
    hourCycle: "h23",
    day: "numeric",
  }).formatToParts(new Date(guess));
  const hour = Number(parts.find((p) => p.type === "hour")?.value ?? 0);
  return new Date(guess - hour * 3600 * 1000);
}

/** The calendar day after yyyy-mm-dd, as yyyy-mm-dd. */
export function nextIsoDay(isoDay: string): string {
  const [y, m, d] = isoDay.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** The calendar day (yyyy-mm-dd) that `date` falls on in Amsterdam. */
export function isoDayInAmsterdam(date: Date): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: TIME_ZONE,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(date);
}
