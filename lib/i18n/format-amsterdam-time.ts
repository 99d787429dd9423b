const FORMAT = new Intl.DateTimeFormat("nl-NL", {
  timeZone: "Europe/Amsterdam",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/**
 * "HH:MM" on the Dutch wall clock (CET/CEST) for an epoch-ms moment such as Exact's
 * X-RateLimit reset. Rounded up to the whole minute: "try again after 14:04" must never name
 * a moment before the limit is lifted.
 */
export function formatAmsterdamTime(epochMs: number): string {
  const minute = 60_000;
  return FORMAT.format(new Date(Math.ceil(epochMs / minute) * minute));
}
