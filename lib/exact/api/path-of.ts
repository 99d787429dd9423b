import "server-only";

/**
 * A URL for the log: its path and the names of its query options, never their values (an
 * OData $filter can hold a customer's name).
 */
export function pathOf(url: string): string {
  const u = new URL(url);
  const names = [...new Set(u.searchParams.keys())];
  return names.length ? `${u.pathname}?${names.map((n) => `${n}=…`).join("&")}` : u.pathname;
}
