import { safeCallbackUrl } from "./safe-callback-url";

/**
 * Where sign-in sends an anonymous visitor back to: the page asked for with its whole query
 * (a shared `/?q=Qics&state=active` keeps its filters), or null for the bare overview, which
 * is where sign-in goes anyway (so /login stays /login). Only a same-origin path survives.
 */
export function signInCallback(pathname: string, search: string): string | null {
  const target = safeCallbackUrl(`${pathname}${search}`);
  return target === "/" ? null : target;
}
