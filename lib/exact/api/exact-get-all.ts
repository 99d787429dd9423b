import "server-only";
import { AppError, isAppError } from "@/lib/errors";
import { type ODataPage, readODataPage } from "@/lib/exact/api/read-odata-page";
import { ExactHttpError } from "@/lib/exact/errors/exact-http-error";
import { logger } from "@/lib/log/logger";
import {
  type ExactCall,
  type ExactTarget,
  errorMessage,
  exactApiUrl,
  exactFailed,
  exactRequest,
  openExactCall,
  parseJson,
} from "./exact-request";
import { pathOf } from "./path-of";

// The portal's own reads from Exact: GET with OData paging, every page through the one door
// (exact-request.ts), failures as AppErrors in words.

export type { ExactTarget, ProxySettings } from "./exact-request";
export { REQUEST_TIMEOUT_MS, RETRY_DELAYS_MS } from "./exact-request";

/**
 * `__next` pages one call follows at most: 60,000 records of a standard endpoint (60 a page),
 * far more than any list the portal reads. A chain that goes on (Exact's fault, or an answer
 * that is not Exact's) stops there with exact_too_many_pages instead of running for ever.
 */
export const MAX_PAGES = 1_000;

/**
 * GETs `{site}/api/v1/{path}` for the login and returns the records of every page (`__next`
 * followed until absent). `path` is relative, e.g. `current/Me` or
 * `2340001/system/Divisions?$select=Code,Description`. Throws AppError with a code under
 * errors.* (exact_rate_limited carries values.until, "HH:MM" Amsterdam time).
 */
export async function exactGetAll<T>(target: ExactTarget, path: string): Promise<T[]> {
  if (!target.onOutcome) return getAll<T>(target, path);
  // The caller keeps the outcome (an administration's route: the overview's row health).
  try {
    const records = await getAll<T>(target, path);
    await target.onOutcome(null, false);
    return records;
  } catch (e) {
    const viaProxy = Boolean(target.proxy?.server?.trim());
    await target.onOutcome(isAppError(e) ? e : new AppError("exact_unavailable"), viaProxy);
    throw e;
  }
}

async function getAll<T>(target: ExactTarget, path: string): Promise<T[]> {
  const call = await openExactCall(target);
  const seen = new Set<string>();
  const records: T[] = [];
  let url: string | null = exactApiUrl(call, path);
  while (url) {
    if (seen.size >= MAX_PAGES) {
      logger.warn({ loginId: call.loginId, path: pathOf(url), pages: MAX_PAGES }, "Exact's __next went on too long");
      throw new AppError("exact_too_many_pages", undefined, { pages: MAX_PAGES });
    }
    seen.add(url);
    const page: ODataPage<T> = await exactRequest(call, url, {}, readPage<T>(call, url));
    records.push(...page.records);
    url = page.next ? nextUrl(call, page.next, seen) : null;
  }
  return records;
}

/** An answer as one OData page: a failure status is thrown for the door to classify. */
function readPage<T>(call: ExactCall, url: string) {
  return async (response: Response) => {
    const text = await response.text();
    if (!response.ok) throw new ExactHttpError(response.status, errorMessage(text));
    const page = readODataPage<T>(parseJson(text));
    if (!page) {
      throw exactFailed(call, pathOf(url), {
        code: "exact_unavailable",
        reason: "exact_unavailable",
        retry: false,
        login: "none",
        detail: `not an OData answer: ${text.slice(0, 200)}`,
      });
    }
    return page;
  };
}

/** Exact's `__next` is absolute: the bearer token is only ever sent back to the same site. */
function nextUrl(call: ExactCall, next: string, seen: Set<string>): string {
  let url: string;
  try {
    url = new URL(next, call.apiBase).href;
  } catch {
    url = "";
  }
  if (!url.startsWith(call.apiBase) || seen.has(url)) {
    logger.warn(
      { loginId: call.loginId, next: url ? pathOf(url) : "unreadable" },
      "Exact sent a __next link we do not follow",
    );
    throw new AppError("exact_unavailable");
  }
  return url;
}
