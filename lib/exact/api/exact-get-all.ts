import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { administrations, oauthLogins } from "@/db/schema";
import { now } from "@/lib/clock";
import { AppError, isAppError } from "@/lib/errors";
import { noteRateLimit, passRateLimit } from "@/lib/exact/api/rate-limit-gate";
import { readODataPage } from "@/lib/exact/api/read-odata-page";
import { classifyExactError, type ExactFailure } from "@/lib/exact/errors/classify-exact-error";
import { ExactHttpError } from "@/lib/exact/errors/exact-http-error";
import { storedFailureCode } from "@/lib/exact/errors/stored-failure-code";
import { exactConfig } from "@/lib/exact/exact-config";
import { outboundFetch } from "@/lib/exact/http/outbound-fetch";
import { probeProxyChallenge } from "@/lib/exact/http/probe-proxy-challenge";
import { proxiedFetch } from "@/lib/exact/http/proxied-fetch";
import type { ProxySettings } from "@/lib/exact/http/proxy-settings";
import type { ExactSite } from "@/lib/exact/sites";
import { type AccessToken, accessTokenFor } from "@/lib/exact/tokens/get-access-token";
import { formatAmsterdamTime } from "@/lib/i18n/format-amsterdam-time";
import { logger } from "@/lib/log/logger";
import { COUNTED_STATUSES, countExactError, errorKey, passErrorBudget } from "./error-budget";

// THE Exact API client: every REST call to Exact goes through exactGetAll (this is where a call to
// Exact leaves the building; the token calls leave from oauth/token-endpoint.ts). It takes the token
// from the token store only, sends every call of an administration (and the refresh it may
// trigger) through that administration's proxy, follows OData paging, keeps to Exact's rate
// limits, retries what is passing and turns every failure into a message a person understands
// (the raw detail goes to the server log, never a token or a password).

export type { ProxySettings } from "@/lib/exact/http/proxy-settings";

/** The whole of one HTTP request, answer body included. */
export const REQUEST_TIMEOUT_MS = 30_000;
/** Pauses before the 2nd and 3rd attempt after a 5xx or a network failure. */
export const RETRY_DELAYS_MS = [250, 1_000];
/**
 * `__next` pages one call follows at most: 60,000 records of a standard endpoint (60 a page),
 * far more than any list the portal reads. A chain that goes on (Exact's fault, or an answer
 * that is not Exact's) stops there with exact_too_many_pages instead of running for ever.
 */
export const MAX_PAGES = 1_000;
/** Times a call may sit out a rate-limit reset and try again (after that, refuse). */
const MAX_RATE_LIMIT_WAITS = 2;

export type ExactTarget = {
  loginId: string;
  proxy?: ProxySettings | null;
  interactive?: boolean;
  /** Set for calls over an administration's route: their outcome is that administration's health. */
  administrationId?: string;
};

type Call = {
  loginId: string;
  site: ExactSite;
  /** Who Exact counts errors for: the login's Exact user. */
  exactUser: string;
  proxy: ProxySettings | null;
  interactive: boolean;
  transport: typeof fetch;
  apiBase: string;
};

/**
 * GETs `{site}/api/v1/{path}` for the login and returns the records of every page (`__next`
 * followed until absent). `path` is relative, e.g. `current/Me` or
 * `2340001/system/Divisions?$select=Code,Description`. Throws AppError with a code under
 * errors.* (exact_rate_limited carries values.until, "HH:MM" Amsterdam time).
 */
export async function exactGetAll<T>(target: ExactTarget, path: string): Promise<T[]> {
  if (!target.administrationId) return getAll<T>(target, path);
  // A call over an administration's route records its outcome on the administration (the
  // overview's row health: a broken proxy or a 403 shows there, whatever the login says).
  try {
    const records = await getAll<T>(target, path);
    await recordLastCall(target.administrationId, null);
    return records;
  } catch (e) {
    const error = isAppError(e) ? e : new AppError("exact_unavailable");
    const code = storedFailureCode(error.code, Boolean(target.proxy?.server?.trim()));
    await recordLastCall(target.administrationId, code === error.code ? error : new AppError(code));
    throw e;
  }
}

/** The outcome of a call over an administration's route: `null` when it worked. */
async function recordLastCall(administrationId: string, error: AppError | null): Promise<void> {
  const at = now();
  const values = error?.values
    ? Object.fromEntries(Object.entries(error.values).map(([k, v]) => [k, String(v)]))
    : null;
  await getDb()
    .update(administrations)
    .set(
      error
        ? { lastCallAt: at, lastCallOk: false, lastCallError: error.code, lastCallErrorValues: values }
        : { lastCallAt: at, lastCallOk: true, lastCallError: null, lastCallErrorValues: null, lastCallOkAt: at },
    )
    .where(eq(administrations.id, administrationId))
    .catch((e) => logger.warn({ administrationId, err: String(e) }, "Could not record an administration's last call"));
}

async function getAll<T>(target: ExactTarget, path: string): Promise<T[]> {
  const call = await prepareCall(target);
  const key = limitKey(call, path);
  const seen = new Set<string>();
  const records: T[] = [];
  let url: string | null = apiUrl(call.apiBase, path);
  while (url) {
    if (seen.size >= MAX_PAGES) {
      logger.warn({ loginId: call.loginId, path: pathOf(url), pages: MAX_PAGES }, "Exact's __next went on too long");
      throw new AppError("exact_too_many_pages", undefined, { pages: MAX_PAGES });
    }
    seen.add(url);
    const page: { records: T[]; next: string | null } = await getPage<T>(call, url, key);
    records.push(...page.records);
    url = page.next ? nextUrl(call, page.next, seen) : null;
  }
  return records;
}

async function prepareCall(target: ExactTarget): Promise<Call> {
  const [login] = await getDb()
    .select({ site: oauthLogins.site, exactUserId: oauthLogins.exactUserId })
    .from(oauthLogins)
    .where(eq(oauthLogins.id, target.loginId));
  if (!login) throw new AppError("oauth_login_not_found");
  const client = exactConfig().client(login.site);
  if (!client) throw new AppError("site_not_configured");
  const proxy = target.proxy?.server?.trim() ? target.proxy : null;
  return {
    loginId: target.loginId,
    site: login.site,
    exactUser: login.exactUserId ?? target.loginId,
    proxy,
    interactive: target.interactive ?? false,
    // Calls for a login alone take the standard outbound route (HTTPS_PROXY / NO_PROXY).
    transport: proxy ? proxiedFetch(proxy) : outboundFetch,
    apiBase: `${client.baseUrl}/api/v1/`,
  };
}

/** The path under the site's /api/v1/, refusing anything that would leave it. */
function apiUrl(apiBase: string, path: string): string {
  if (/^[a-z][a-z0-9+.-]*:|^\/|(^|\/)\.\.?(\/|$)|\\/i.test(path)) {
    throw new Error(`exactGetAll wants a path relative to /api/v1/, got ${JSON.stringify(path)}`);
  }
  const url = new URL(path, apiBase).href;
  if (!url.startsWith(apiBase)) throw new Error(`path leaves /api/v1/: ${JSON.stringify(path)}`);
  return url;
}

/**
 * Exact's limits are per app (one per site) and division; current/Me counts per app and user.
 * The key groups calls that share a limit.
 */
function limitKey(call: Call, path: string): string {
  const first = path.split(/[/?]/)[0].toLowerCase();
  return /^\d+$/.test(first) ? `${call.site}|${first}` : `${call.site}|${call.loginId}|${first}`;
}

/** The key Exact counts error answers under: app, user, division and endpoint. */
function errorKeyOf(call: Call, url: string): string {
  const path = new URL(url).pathname.slice(new URL(call.apiBase).pathname.length);
  const [first, ...rest] = path.split("/");
  const division = /^\d+$/.test(first) ? first : null;
  return errorKey(call.site, call.exactUser, division, division ? rest.join("/") : path);
}

/** Exact's `__next` is absolute: the bearer token is only ever sent back to the same site. */
function nextUrl(call: Call, next: string, seen: Set<string>): string {
  let url: string;
  try {
    url = new URL(next, call.apiBase).href;
  } catch {
    url = "";
  }
  if (!url.startsWith(call.apiBase) || seen.has(url)) {
    logger.warn({ loginId: call.loginId, next }, "Exact sent a __next link we do not follow");
    throw new AppError("exact_unavailable");
  }
  return url;
}

/**
 * The access token from the token store, refreshed (if due, or if Exact refused version
 * `refused`) over this call's route. When the refresh failed on the way (a proxy), says that
 * instead of the store's general "Exact unreachable".
 */
async function accessToken(call: Call, refused?: number): Promise<AccessToken> {
  let networkFailure: unknown;
  const route: typeof fetch = async (input, init) => {
    try {
      return await call.transport(input, init);
    } catch (e) {
      networkFailure = e;
      throw e;
    }
  };
  try {
    return await accessTokenFor(call.loginId, { fetch: route, refused });
  } catch (e) {
    if (networkFailure !== undefined && isAppError(e) && e.code !== "needs_reauth") {
      const classified = await classify(call, networkFailure, call.apiBase);
      throw failed(call, "token refresh", classified);
    }
    throw e;
  }
}

/** Exact refused a token that a refresh had just replaced: the login cannot call Exact now. */
async function markTokenRefused(call: Call): Promise<void> {
  await getDb()
    .update(oauthLogins)
    .set({ status: "error", lastError: "exact_rejected_token", lastErrorValues: null, lastCheckAt: now() })
    .where(eq(oauthLogins.id, call.loginId));
}

async function getPage<T>(call: Call, url: string, key: string): Promise<{ records: T[]; next: string | null }> {
  const errors = errorKeyOf(call, url);
  let failures = 0;
  let rateLimitWaits = 0;
  let refused: number | undefined;
  for (;;) {
    await passRateLimit(key, call.interactive);
    await passErrorBudget(errors);
    // Per request, not per loop: a long page loop must not outlive its token.
    const token = await accessToken(call, refused);
    let classified: ExactFailure;
    try {
      const response = await call.transport(url, {
        headers: { Accept: "application/json", Authorization: `Bearer ${token.accessToken}` },
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const block = await noteRateLimit(key, response.status, response.headers);
      if (COUNTED_STATUSES.has(response.status)) await countExactError(errors);
      if (response.status === 429) {
        await response.arrayBuffer().catch(() => undefined);
        logger.info({ loginId: call.loginId, key, until: block?.until }, "Exact rate limit reached");
        if (++rateLimitWaits > MAX_RATE_LIMIT_WAITS || !block) {
          throw new AppError("exact_rate_limited", undefined, { until: formatAmsterdamTime(block?.until ?? 0) });
        }
        continue; // passRateLimit waits for the reset, or refuses with its time
      }
      const text = await response.text();
      if (response.status === 401 && refused === undefined) {
        // Exact refuses access tokens before their time now and then: one refresh of this
        // version (shared by every caller it refused) and one retry.
        logger.info({ loginId: call.loginId, path: pathOf(url) }, "Exact refused an access token; refreshing it");
        refused = token.version;
        continue;
      }
      if (response.status === 401) await markTokenRefused(call);
      if (!response.ok) throw new ExactHttpError(response.status, errorMessage(text));
      const page = readODataPage<T>(parseJson(text));
      if (!page) {
        const detail = `not an OData answer: ${text.slice(0, 200)}`;
        throw failed(call, pathOf(url), {
          code: "exact_unavailable",
          reason: "exact_unavailable",
          retry: false,
          login: "none",
          detail,
        });
      }
      return page;
    } catch (e) {
      if (isAppError(e)) throw e;
      classified = await classify(call, e, url);
    }
    if (classified.retry && failures < RETRY_DELAYS_MS.length) {
      logger.info({ loginId: call.loginId, path: pathOf(url), detail: classified.detail }, "Exact call retried");
      await sleep(RETRY_DELAYS_MS[failures++]);
      continue;
    }
    throw failed(call, pathOf(url), classified);
  }
}

/** Classifies a failure; after a proxy's 407, asks the proxy which schemes it wants. */
async function classify(call: Call, e: unknown, url: string): Promise<ExactFailure> {
  const context = { viaProxy: call.proxy !== null };
  const classified = classifyExactError(e, context);
  if (classified.code !== "proxy_auth_failed" || !call.proxy) return classified;
  const proxyChallenge = await probeProxyChallenge(call.proxy, new URL(url));
  return classifyExactError(e, { ...context, proxyChallenge });
}

function failed(call: Call, what: string, classified: ExactFailure): AppError {
  logger.warn(
    {
      loginId: call.loginId,
      proxy: call.proxy?.server ?? null,
      what,
      code: classified.code,
      detail: classified.detail,
    },
    "Exact API call failed",
  );
  return new AppError(classified.code);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Exact's error text: {"error":{"message":{"value":"…"}}}, or the start of whatever came. */
function errorMessage(text: string): string {
  const body = parseJson(text) as { error?: { message?: { value?: unknown } | string } } | null;
  const message = body?.error?.message;
  const value = typeof message === "string" ? message : message?.value;
  return String(value ?? text).slice(0, 300);
}

/** The URL without origin, for the log. */
function pathOf(url: string): string {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
}
