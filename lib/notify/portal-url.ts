import "server-only";

/** An absolute link into the portal, for a message read outside it: AUTH_URL, or localhost on PORT. */
export function portalUrl(path: string): string {
  const base = process.env.AUTH_URL?.trim() || `http://localhost:${process.env.PORT ?? 3000}`;
  return `${base.replace(/\/+$/, "")}${path}`;
}
