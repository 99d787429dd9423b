import "server-only";
import { now } from "@/lib/clock";
import { recordLastCall } from "@/lib/data/administration-last-call";
import { proxyFromColumns } from "@/lib/data/administration-proxy";
import { type PassThroughLink, readPassThroughLink, readPassThroughLinkNow } from "@/lib/data/pass-through-link";
import { type AppError, isAppError } from "@/lib/errors";
import { type ExactMethod, exactApiUrl, exactRequest, openExactCall } from "@/lib/exact/api/exact-request";
import type { ExactSite } from "@/lib/exact-sites";
import { describeLoginState } from "@/lib/i18n/describe-login-state";
import type { RowState } from "@/lib/schemas/overview-params";
import { apiError } from "./api-error";
import { recordExactWrite, refuseWriteWithReadKey } from "./api-key-writes";
import { apiEnglish, errorInWords } from "./api-words";
import type { ApiCaller } from "./authenticate-api-key";
import { MAX_BODY_BYTES, PASS_THROUGH_METHODS } from "./exact-pass-through-limits";
import { parseExactPath } from "./exact-path";
import { declaredTooLarge, readLimitedBody } from "./read-limited-body";

// GET|POST|PUT|DELETE /api/v1/administrations/{id}/exact/{path}: another system's call to Exact,
// made through the administration's link (its OAuth login's token, its proxy) by the one door
// for calls to Exact (lib/exact/api/exact-request.ts), and Exact's answer streamed back as it
// came. The other system never holds a token: two holders of one single-use refresh token would
// destroy the link.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What Exact sent that the caller gets too: the body's type and the rate-limit headers. */
const PASSED_HEADERS = /^(content-type|x-ratelimit-.*)$/i;

type Link = PassThroughLink;

export async function passThroughToExact(
  request: Request,
  caller: ApiCaller,
  params: { id: string },
): Promise<Response> {
  const method = request.method.toUpperCase() as ExactMethod;
  if (!(PASS_THROUGH_METHODS as readonly string[]).includes(method)) return methodNotAllowed();
  const readOnly = refuseWriteWithReadKey(caller, method);
  if (readOnly) return readOnly;
  const url = new URL(request.url);
  const path = parseExactPath(url.pathname);
  if (!path.ok) return apiError(path.status, path.code, path.message);
  const sendsBody = method === "POST" || method === "PUT";
  if (sendsBody && declaredTooLarge(request, MAX_BODY_BYTES)) return bodyTooLarge();

  const link = UUID.test(params.id)
    ? await readPassThroughLink(caller.environmentId, params.id, path.division)
    : undefined;
  // Another environment's administration is as unknown as one that does not exist.
  if (!link)
    return apiError(404, "administration_not_found", "No administration with this id in the key's environment.");
  if (!link.divisionMapped) {
    return apiError(
      403,
      "division_not_mapped",
      `Exact division ${path.division} is not mapped to administration '${link.description}': only its own divisions (Systeem › Algemene instellingen) may be called through it.`,
      { administration: linkDetails(link).administration },
    );
  }
  const unusable = refuseUnusableLogin(link);
  if (unusable) return unusable;

  const body = sendsBody ? await readLimitedBody(request, MAX_BODY_BYTES) : null;
  if (body === "too_large") return bodyTooLarge();
  const loginId = link.loginId as string;
  const viaProxy = Boolean(link.server?.trim());
  try {
    const target = {
      loginId,
      proxy: proxyFromColumns(link.id, link),
      interactive: true,
      caller: "api" as const,
      administrationId: link.id,
      apiKeyPrefix: caller.prefix,
    };
    const call = await openExactCall(target, { site: link.site as ExactSite, exactUserId: link.exactUserId });
    // The query string as it came: appended after the path is checked, so nothing in it can
    // move the path.
    const exactUrl = `${exactApiUrl(call, path.path)}${url.search}`;
    const contentType = request.headers.get("content-type");
    const response = await exactRequest(call, exactUrl, { method, body, contentType }, async (r) => r);
    // Whatever Exact answered, the way there worked. Its 4xx and 5xx answer the caller's own
    // request (a bad query, a division it may not see) and say nothing about the link.
    // Side by side: the caller's answer waits for one write, not two.
    await Promise.all([
      recordLastCall(link.id, null, viaProxy),
      recordExactWrite(caller, {
        administration: link,
        method,
        exactPath: path.path,
        outcome: { status: response.status },
      }),
    ]);
    return passOn(response);
  } catch (e) {
    if (!isAppError(e)) throw e;
    if (!CALLERS_OWN.has(e.code)) await recordLastCall(link.id, e, viaProxy);
    await recordExactWrite(caller, {
      administration: link,
      method,
      exactPath: path.path,
      outcome: { failure: e.code },
    });
    // The call may have changed the login (a dead chain, a refused token): say how it is now.
    return failureAnswer(e, (await readPassThroughLinkNow(caller.environmentId, link.id, path.division)) ?? link);
  }
}

export function methodNotAllowed(): Response {
  return apiError(
    405,
    "method_not_allowed",
    "Exact is called through the portal with GET, POST, PUT or DELETE.",
    {},
    { allow: PASS_THROUGH_METHODS.join(", ") },
  );
}

function bodyTooLarge(): Response {
  return apiError(413, "body_too_large", `The request body is larger than ${MAX_BODY_BYTES} bytes (1 MiB).`, {
    maxBytes: MAX_BODY_BYTES,
  });
}

/** The link as the caller may see it: names and states, never a secret. */
function linkDetails(link: Link) {
  const login = link.loginId
    ? {
        id: link.loginId,
        description: link.loginDescription,
        status: loginStatus(link),
        reason: link.lastError,
        expiresAt: link.loginExpiresAt?.toISOString() ?? null,
      }
    : null;
  return { administration: { id: link.id, description: link.description }, login };
}

/** The login's status as the portal shows it: a login past its expiry needs re-authorization. */
function loginStatus(link: Link) {
  if (link.status === "needs_reauth" || link.status === "error") return link.status;
  if (!link.authorized) return "pending";
  if (link.loginExpiresAt && link.loginExpiresAt <= now()) return "needs_reauth";
  return link.status ?? "pending";
}

/**
 * The link's state in the API's words for it (the overview's, `state` of every API answer):
 * why the login cannot be used, or, with a usable login, `error`: the administration's own
 * call failed (a pause, the proxy, Exact), as the overview then shows it.
 */
function linkState(link: Link): RowState {
  if (!link.loginId) return "not_linked";
  const status = loginStatus(link);
  return status === "active" || status === "expiring" ? "error" : status;
}

/** An answer about the link: its state, the administration and its login beside the words. */
function refuse(
  status: number,
  code: string,
  message: string,
  link: Link,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Response {
  return apiError(status, code, message, { state: linkState(link), ...linkDetails(link), ...extra }, headers);
}

/**
 * 409 when the login cannot be used now, without a call to Exact: none linked, never
 * authorized, re-authorization needed (also when it has expired), or in error. Each needs a
 * person in the portal; the answer says which and why.
 */
function refuseUnusableLogin(link: Link): Response | null {
  if (!link.loginId) {
    return refuse(
      409,
      "administration_has_no_login",
      `Administration '${link.description}' has no OAuth login: an administrator links one in the portal (Systeem › Algemene instellingen).`,
      link,
    );
  }
  const status = loginStatus(link);
  if (status === "active" || status === "expiring") return null;
  const words = describeLoginState(
    apiEnglish,
    { status, loginExpiresAt: link.loginExpiresAt, lastError: link.lastError, lastErrorValues: link.lastErrorValues },
    "en",
  );
  const login = `OAuth login '${link.loginDescription}' of administration '${link.description}'`;
  const refusals = {
    pending: ["not_authorized", `${login} has not been authorized in Exact Online yet (${words}).`],
    needs_reauth: [
      "needs_reauth",
      `${login} cannot be used: ${words}. An administrator authorizes it again in the portal (Systeem › OAuth logins).`,
    ],
    error: [
      "login_error",
      `${login} cannot be used: ${words}. An administrator tests the connection or authorizes the login again in the portal.`,
    ],
  } as const;
  const [code, message] = refusals[status];
  return refuse(409, code, message, link);
}

/**
 * Refusals that are about this caller's own traffic, not the link: its share of the error
 * budget, Exact's rate limit, the queue of calls in flight. They do not set the
 * administration's health on the overview; the way to Exact failing and token problems do.
 */
const CALLERS_OWN = new Set(["exact_paused", "exact_rate_limited", "exact_busy"]);

/** Exact's answer, streamed on: its status, its body as it came, its type and rate-limit headers. */
function passOn(response: Response): Response {
  // Small answers are not gzipped by Next (no-transform): a streamed body has no length, so
  // Next's compression would otherwise deflate every few-hundred-byte answer, some 6 % of the
  // portal's CPU under load (docs/BENCHMARKS.md); below 1 KiB it saves the caller nothing.
  const length = Number(response.headers.get("content-length") ?? Number.NaN);
  const small = length < 1024 && !response.headers.has("content-encoding");
  const headers = new Headers({ "cache-control": small ? "no-store, no-transform" : "no-store" });
  for (const [name, value] of response.headers) if (PASSED_HEADERS.test(name)) headers.set(name, value);
  const empty = response.status === 204 || response.status === 205 || response.status === 304;
  // Piped, not handed on as it is: fetch cancels the body of a Response that is garbage
  // collected while its body is neither locked nor read, and `response` is dropped here while
  // the caller's answer may not have started streaming yet. Piping locks it at once.
  const body = empty ? null : (response.body?.pipeThrough(new TransformStream()) ?? null);
  return new Response(body, { status: response.status, headers });
}

/** Codes whose answer is 409: the link needs a person before it can be used again. */
const LINK_CODES = new Set([
  "needs_reauth",
  "not_authorized",
  "exact_rejected_token",
  "exact_client",
  "site_not_configured",
  "oauth_login_not_found",
  "administration_has_no_login",
]);

/**
 * A failure of the one door as the caller's answer: 503 with Retry-After while the link is
 * paused (Exact's rate limit, the portal's error budget) or its calls in flight stayed taken
 * for EXACT_QUEUE_WAIT_MS, 503 when Exact gives no more tokens
 * today, 409 when the link needs a person, 504 when Exact did not answer in time, and 502 for
 * the rest of the way there (the proxy, the network, Exact being unavailable).
 */
function failureAnswer(e: AppError, link: Link): Response {
  const message = errorInWords(e.code, e.values);
  const untilMs = typeof e.values?.untilMs === "number" ? e.values.untilMs : null;
  if ((e.code === "exact_paused" || e.code === "exact_rate_limited") && untilMs !== null) {
    const retryAfter = Math.max(1, Math.ceil((untilMs - now().getTime()) / 1000));
    const paused = { pausedBy: e.code === "exact_paused" ? "error_budget" : "rate_limit", until: new Date(untilMs) };
    return refuse(503, e.code, message, link, paused, { "retry-after": String(retryAfter) });
  }
  if (e.code === "exact_busy") {
    const seconds = String(e.values?.seconds ?? 1);
    return refuse(503, e.code, message, link, { retryAfterSeconds: Number(seconds) }, { "retry-after": seconds });
  }
  if (e.code === "token_rate_limited" || e.code === "token_error_blocked") return refuse(503, e.code, message, link);
  if (LINK_CODES.has(e.code)) return refuse(409, e.code, message, link);
  if (e.code === "exact_timeout") return refuse(504, e.code, message, link);
  return refuse(502, e.code, message, link);
}
