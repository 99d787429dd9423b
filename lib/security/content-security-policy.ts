/**
 * The Content-Security-Policy for every page. Scripts run only with this request's nonce
 * (Next.js puts it on its own scripts when it finds the header on the request); nothing
 * may frame the portal.
 */
export function contentSecurityPolicy(nonce: string, dev: boolean, formTargets: string[] = []): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // React and Next set inline style attributes; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    // Forms post to the portal; the consent's question then redirects to Exact (formTargets).
    ["form-action 'self'", ...formTargets].join(" "),
    "frame-ancestors 'none'",
  ].join("; ");
}
