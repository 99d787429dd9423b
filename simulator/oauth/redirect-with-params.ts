/**
 * redirect_uri plus query parameters. The registered URI has no query string (Exact requires an
 * exact match without one), so "?" always starts the query. Values are percent-encoded with
 * encodeURIComponent, so `state` comes back byte for byte (EXACT_ONLINE.md: "state comes back
 * unchanged"); a null value (no state in the request) is left out.
 */
export function redirectWithParams(redirectUri: string, params: Record<string, string | null>): string {
  const query = Object.entries(params)
    .filter((entry): entry is [string, string] => entry[1] !== null)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
    .join("&");
  return query ? `${redirectUri}?${query}` : redirectUri;
}
