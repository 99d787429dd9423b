import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { oauthLogins } from "@/db/schema";
import { now } from "@/lib/clock";
import { AppError, isAppError } from "@/lib/errors";
import type { CallPurpose, CallSubject } from "@/lib/exact/activity/call-subject";
import { callSubject } from "@/lib/exact/activity/call-subject-of";
import { recordedRestCall } from "@/lib/exact/activity/recorded-exact-call";
import { noteRateLimit, passRateLimit } from "@/lib/exact/api/rate-limit-gate";
import { classifyExactError, type ExactFailure } from "@/lib/exact/errors/classify-exact-error";
import { ExactHttpError } from "@/lib/exact/errors/exact-http-error";
import { exactConfig } from "@/lib/exact/exact-config";
import { probeProxyChallenge } from "@/lib/exact/http/probe-proxy-challenge";
import { proxiedFetch } from "@/lib/exact/http/proxied-fetch";
import { type AccessToken, accessTokenFor } from "@/lib/exact/tokens/get-access-token";
import type { ExactSite } from "@/lib/exact-sites";
import { formatAmsterdamTime } from "@/lib/i18n/format-amsterdam-time";
import { logger } from "@/lib/log/logger";
import { meteredExactFetch } from "@/lib/metrics/metered-exact-fetch";
import { outboundFetch } from "@/lib/network/outbound-fetch";
import type { ProxySettings } from "@/lib/network/proxy-settings";
import { tracedFetch } from "@/lib/telemetry/traced-fetch";
import { inCallSlot, maxInFlight, queueWaitMs } from "./call-slots";
import { type BudgetHolder, COUNTED_STATUSES, countExactError, errorKey, passErrorBudget } from "./error-budget";
import { liveProcesses } from "./live-processes";
import { pathOf } from "./path-of";

// THE door for REST calls to Exact: every one of them, the portal's own reads (exact-get-all.ts)
// and the other systems' calls through the API (lib/public-api/exact-pass-through.ts), leaves the
// building through exactRequest (token calls leave from oauth/token-endpoint.ts). It takes the
// token from the token store only, sends every call of an administration (and the refresh it
// may trigger) through that administration's proxy, keeps to Exact's rate limits and the error
// budget, refreshes once when Exact refuses a token, retries what is passing, and turns every
// failure into a message a person understands (the raw detail goes to the server log, never a
// token, a password or a query value).

export type { ProxySettings } from "@/lib/network/proxy-settings";

/** The whole of one HTTP request, answer body included. */
export const REQUEST_TIMEOUT_MS = 30_000;
/** Pauses before the 2nd and 3rd attempt of a GET after a 5xx or a network failure. */
export const RETRY_DELAYS_MS = [250, 1_000];
/** Times a call may sit out a rate-limit reset and try again (after that, refuse). */
const MAX_RATE_LIMIT_WAITS = 2;

export type ExactTarget = {
  loginId: string;
  proxy?: ProxySettings | null;
  interactive?: boolean;
  /**
   * On whose behalf: another system's call through the API has a share of Exact's error budget
   * of its own (error-budget.ts), so its bad queries never pause the portal's own calls.
   */
  caller?: ExactCaller;
  /** For the call record (lib/exact/activity): what a portal call is for (a page by default). */
  purpose?: CallPurpose;
  /** For the call record: the administration the call is made for, the API key making it. */
  administrationId?: string;
  apiKeyPrefix?: string;
  /**
   * What the caller keeps of each call's outcome (`null` when it worked), e.g. an
   * administration's health: the client itself writes no portal table.
   */
  onOutcome?: (failure: AppError | null, viaProxy: boolean) => Promise<void>;
};

/** Who a call to Exact is made for: the portal's pages and tests, the keep-alive, an API key. */
export type ExactCaller = "portal" | "keepalive" | "api";

/** A login's route to Exact, read once for the requests of one operation. */
export type ExactCall = {
  loginId: string;
  site: ExactSite;
  /** Who Exact counts errors for: the login's Exact user. */
  exactUser: string;
  proxy: ProxySettings | null;
  interactive: boolean;
  caller: ExactCaller;
  transport: typeof fetch;
  /** `{site}/api/v1/`: no request leaves it. */
  apiBase: string;
  /** Who and what the call is for, in the record of each request (and refresh) it makes. */
  activity: CallSubject;
};

export type ExactMethod = "GET" | "POST" | "PUT" | "DELETE";

export type ExactRequestInit = {
  method?: ExactMethod;
  /** Sent with POST and PUT (read into memory first: a refused token means sending it twice). */
  body?: Uint8Array<ArrayBuffer> | null;
  contentType?: string | null;
};

/** What the door needs to know of the login: its site, and the Exact user errors count for. */
export type ExactLogin = { site: ExactSite; exactUserId: string | null };

/** The login's route; `login` when the caller has just read it (saves a query per call). */
export async function openExactCall(target: ExactTarget, known?: ExactLogin): Promise<ExactCall> {
  const login =
    known ??
    (
      await getDb()
        .select({ site: oauthLogins.site, exactUserId: oauthLogins.exactUserId })
        .from(oauthLogins)
        .where(eq(oauthLogins.id, target.loginId))
    )[0];
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
    caller: target.caller ?? "portal",
    // Calls for a login alone take the standard outbound route (HTTPS_PROXY / NO_PROXY).
    transport: proxy ? proxiedFetch(proxy) : outboundFetch,
    apiBase: `${client.baseUrl}/api/v1/`,
    activity: callSubject(target, proxy !== null),
  };
}

/** The URL of `path` under the site's /api/v1/, refusing anything that would leave it. */
export function exactApiUrl(call: ExactCall, path: string): string {
  if (/^[a-z][a-z0-9+.-]*:|^\/|(^|\/)\.\.?(\/|$)|\\/i.test(path)) {
    throw new Error(`an Exact request wants a path relative to /api/v1/, got ${JSON.stringify(path)}`);
  }
  const url = new URL(path, call.apiBase).href;
  if (!url.startsWith(call.apiBase)) throw new Error(`path leaves /api/v1/: ${JSON.stringify(path)}`);
  return url;
}

/**
 * One request to Exact, to `url` (under call.apiBase), and `read` applied to its final answer.
 * Before anything leaves: the rate-limit pause and the error budget of its key (refused with
 * AppError exact_rate_limited / exact_paused, values.until "HH:MM" and values.untilMs), then the
 * token from the token store. After: the answer's rate-limit headers are noted and its error
 * status counted; a 429 is sat out (at most twice) or refused; a 401 forces one refresh of that
 * token version (shared by every caller it refused, through the refresh lease) and one retry,
 * and a second 401 marks the login `error` (AppError exact_rejected_token). A GET is tried up to
 * three times on a 5xx or a network failure; other methods never, since Exact may have acted
 * on them. Any other answer goes to `read` with its body unread; what `read` throws that is no
 * AppError is classified (and, for a GET, retried when passing).
 */
export function exactRequest<T>(
  call: ExactCall,
  url: string,
  init: ExactRequestInit,
  read: (response: Response) => Promise<T>,
): Promise<T> {
  return inSlot(call, url, () => requestInSlot(call, url, init, read));
}

/**
 * Runs `work` in one of the slots of the call's Exact user and division (call-slots.ts): at
 * most EXACT_MAX_IN_FLIGHT calls in flight over all live portal processes, each process taking
 * its share (at least one), so a burst spread over several processes meets a revoked token
 * with no more 401s than one process would. The rest wait at most EXACT_QUEUE_WAIT_MS.
 */
async function inSlot<T>(call: ExactCall, url: string, work: () => Promise<T>): Promise<T> {
  const first = apiPath(call, url).split("/")[0];
  const division = /^\d+$/.test(first) ? first : "-";
  const size = Math.max(1, Math.floor(maxInFlight() / (await liveProcesses())));
  return inCallSlot(`${call.site}|${call.exactUser}|${division}`, size, queueWaitMs(), work);
}

async function requestInSlot<T>(
  call: ExactCall,
  url: string,
  init: ExactRequestInit,
  read: (response: Response) => Promise<T>,
): Promise<T> {
  const method = init.method ?? "GET";
  const repeatable = method === "GET";
  const key = limitKey(call, url);
  const errors = errorKeyOf(call, url);
  const headers: Record<string, string> = { Accept: "application/json" };
  if (init.body && init.contentType) headers["Content-Type"] = init.contentType;
  let failures = 0;
  let rateLimitWaits = 0;
  const holder: BudgetHolder = call.caller === "api" ? "api" : "portal";
  let refused: number | undefined;
  for (;;) {
    // Both only read (one may wait out a short pause): side by side, one round trip.
    await Promise.all([passRateLimit(key, call.interactive), passErrorBudget(errors, holder)]);
    // Per request, not per operation: a long page loop must not outlive its token.
    const token = await refusedOnce(call, refused, errors, holder);
    let classified: ExactFailure;
    try {
      const response = await recordedRestCall(call.activity, method, url, () =>
        tracedFetch(meteredExactFetch(call.caller, call.transport), "rest")(url, {
          method,
          headers: { ...headers, Authorization: `Bearer ${token.accessToken}` },
          body: init.body && (method === "POST" || method === "PUT") ? init.body : undefined,
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        }),
      );
      const block = await noteRateLimit(key, response.status, response.headers);
      // A first 401 is counted once for the token, by the caller that refreshes it (refusedOnce).
      const firstRefusal = response.status === 401 && refused === undefined;
      if (COUNTED_STATUSES.has(response.status) && !firstRefusal) await countExactError(errors, holder);
      if (response.status === 429) {
        await drain(response);
        logger.info({ loginId: call.loginId, key, until: block?.until }, "Exact rate limit reached");
        if (++rateLimitWaits > MAX_RATE_LIMIT_WAITS || !block) throw rateLimited(block?.until ?? 0);
        continue; // passRateLimit waits for the reset, or refuses with its time
      }
      if (response.status === 401 && refused === undefined) {
        // Exact refuses access tokens before their time now and then: one refresh of this
        // version (shared by every caller it refused) and one retry.
        await drain(response);
        logger.info({ loginId: call.loginId, path: pathOf(url) }, "Exact refused an access token; refreshing it");
        refused = token.version;
        continue;
      }
      if (response.status === 401) {
        await markTokenRefused(call);
        throw new ExactHttpError(401, errorMessage(await response.text()));
      }
      if (response.status >= 500 && repeatable && failures < RETRY_DELAYS_MS.length) {
        await drain(response);
        logger.info({ loginId: call.loginId, path: pathOf(url), status: response.status }, "Exact call retried");
        await sleep(RETRY_DELAYS_MS[failures++]);
        continue;
      }
      return await read(response);
    } catch (e) {
      if (isAppError(e)) throw e;
      classified = await classify(call, e, url);
    }
    if (classified.retry && repeatable && failures < RETRY_DELAYS_MS.length) {
      logger.info({ loginId: call.loginId, path: pathOf(url), detail: classified.detail }, "Exact call retried");
      await sleep(RETRY_DELAYS_MS[failures++]);
      continue;
    }
    throw exactFailed(call, pathOf(url), classified);
  }
}

function rateLimited(untilMs: number): AppError {
  return new AppError("exact_rate_limited", undefined, { until: formatAmsterdamTime(untilMs), untilMs });
}

async function drain(response: Response): Promise<void> {
  await response.arrayBuffer().catch(() => undefined);
}

/** The path under /api/v1/ without the query: `2340001/system/Divisions`. */
function apiPath(call: ExactCall, url: string): string {
  return new URL(url).pathname.slice(new URL(call.apiBase).pathname.length);
}

/**
 * Exact's limits are per app (one per site) and division; current/Me counts per app and user.
 * The key groups calls that share a limit.
 */
function limitKey(call: ExactCall, url: string): string {
  const first = apiPath(call, url).split("/")[0].toLowerCase();
  return /^\d+$/.test(first) ? `${call.site}|${first}` : `${call.site}|${call.loginId}|${first}`;
}

/**
 * The key Exact counts error answers under: app, user, division and endpoint. An entity's key
 * (`TimeTransactions(guid'…')`) belongs to its endpoint.
 */
function errorKeyOf(call: ExactCall, url: string): string {
  const [first, ...rest] = apiPath(call, url).split("/");
  const division = /^\d+$/.test(first) ? first : null;
  const endpoint = (division ? rest : [first, ...rest]).map((s) => s.replace(/\(.*$/, "")).join("/");
  return errorKey(call.site, call.exactUser, division, endpoint);
}

/**
 * The token for the next attempt. After Exact refused version `refused`, every call that was in
 * flight with it met the same 401, but it is one refused token: the error is counted once,
 * by the caller whose refresh replaced it (one per version over all processes, through the
 * refresh lease) or found it could not be replaced yet, or by each caller whose refresh failed.
 */
async function refusedOnce(
  call: ExactCall,
  refused: number | undefined,
  errors: string,
  holder: BudgetHolder,
): Promise<AccessToken> {
  if (refused === undefined) return accessToken(call);
  try {
    const token = await accessToken(call, refused);
    // Callers in this process share the one refresh, and each learns it was refreshed. When
    // the refresh brought no new token (Exact said "too early"), the refused one is counted too.
    const counts = token.refreshed || token.version === refused;
    if (counts && firstToCount(`${call.loginId}:${refused}`)) await countExactError(errors, holder);
    return token;
  } catch (e) {
    await countExactError(errors, holder);
    throw e;
  }
}

/** Refused token versions counted by this process in the last minute. */
const counted = new Map<string, number>();

function firstToCount(version: string): boolean {
  const at = Date.now();
  for (const [v, when] of counted) if (at - when > 60_000) counted.delete(v);
  if (counted.has(version)) return false;
  counted.set(version, at);
  return true;
}

/**
 * The access token from the token store, refreshed (if due, or if Exact refused version
 * `refused`) over this call's route. When the refresh failed on the way (a proxy), says that
 * instead of the store's general "Exact unreachable".
 */
async function accessToken(call: ExactCall, refused?: number): Promise<AccessToken> {
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
    return await accessTokenFor(call.loginId, { fetch: route, refused, activity: call.activity });
  } catch (e) {
    if (networkFailure !== undefined && isAppError(e) && e.code !== "needs_reauth") {
      const classified = await classify(call, networkFailure, call.apiBase);
      throw exactFailed(call, "token refresh", classified);
    }
    throw e;
  }
}

/** Exact refused a token that a refresh had just replaced: the login cannot call Exact now. */
async function markTokenRefused(call: ExactCall): Promise<void> {
  await getDb()
    .update(oauthLogins)
    .set({ status: "error", lastError: "exact_rejected_token", lastErrorValues: null, lastCheckAt: now() })
    .where(eq(oauthLogins.id, call.loginId));
}

/** Classifies a failure; after a proxy's 407, asks the proxy which schemes it wants. */
async function classify(call: ExactCall, e: unknown, url: string): Promise<ExactFailure> {
  const context = { viaProxy: call.proxy !== null };
  const classified = classifyExactError(e, context);
  if (classified.code !== "proxy_auth_failed" || !call.proxy) return classified;
  const proxyChallenge = await probeProxyChallenge(call.proxy, new URL(url));
  return classifyExactError(e, { ...context, proxyChallenge });
}

/** Logs a failure with its detail and gives the AppError a person is shown. */
export function exactFailed(call: ExactCall, what: string, classified: ExactFailure): AppError {
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
  // The values go along ("the proxy answered 404"): the person is told what happened, not a kind of it.
  return new AppError(classified.code, undefined, classified.values);
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Exact's error text: {"error":{"message":{"value":"…"}}}, or the start of whatever came. */
export function errorMessage(text: string): string {
  const body = parseJson(text) as { error?: { message?: { value?: unknown } | string } } | null;
  const message = body?.error?.message;
  const value = typeof message === "string" ? message : message?.value;
  return String(value ?? text).slice(0, 300);
}
