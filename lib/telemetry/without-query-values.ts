/**
 * A URL, a path or a span name with every query value replaced by REDACTED (OpenTelemetry's
 * word for it), keys kept: `/x?code=abc&state=d` → `/x?code=REDACTED&state=REDACTED`. A query
 * value can be a secret (an OAuth code, a filter on a customer's name), and no span attribute
 * may carry one.
 */
export function withoutQueryValues(text: string): string {
  // To the fragment or the end: an unencoded space does not end a query a person typed.
  return text.replace(/\?([^#]*)/g, (_, query: string) => {
    const keys = query
      .split("&")
      .filter(Boolean)
      .map((pair) => `${pair.split("=")[0]}=REDACTED`);
    return keys.length ? `?${keys.join("&")}` : "";
  });
}

/** The path alone: what `url.path` holds. */
export function pathOnly(target: string): string {
  return target.split(/[?#]/)[0];
}
