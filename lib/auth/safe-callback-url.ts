const BASE = "http://koppeling.invalid";

/**
 * Only a path on this site may be a post-sign-in destination (no open redirect). Parsed the
 * way a browser would — which drops tabs and newlines, so "/\t/evil" means "//evil" — and
 * kept only when it stays on the same origin.
 */
export function safeCallbackUrl(value: unknown): string {
  if (typeof value !== "string" || !value.startsWith("/")) return "/";
  try {
    const url = new URL(value, BASE);
    if (url.origin !== BASE || /[\t\r\n]/.test(value) || value.startsWith("//") || value.startsWith("/\\")) return "/";
    // Judge what is returned, not what came in: "/.//evil" normalises to "//evil".
    const out = `${url.pathname}${url.search}${url.hash}`;
    return out.startsWith("//") || out.startsWith("/\\") ? "/" : out;
  } catch {
    return "/";
  }
}
