import "server-only";
import * as oauth from "oauth4webapi";
import { isAppError } from "@/lib/errors";
import { offersOnlyWindowsAuth } from "@/lib/exact/http/proxy-auth-schemes";
import { formatAmsterdamTime } from "@/lib/i18n/format-amsterdam-time";
import { type ProxyRefusal, refusalCode } from "@/lib/network/proxy-guard";
import { ExactHttpError } from "./exact-http-error";

// The one vocabulary for everything that can go wrong between the portal and Exact: a token
// call's answer (oauth4webapi's errors), a REST answer (ExactHttpError), a proxy or network
// failure on the way (undici's errors and their causes), or our own time-out.

/**
 * What an answer means for the login it was made for:
 * - too_early: Exact refuses a new access token within 570 s of the last one; the current
 *   access token is still valid (both the 2026 and the 2021 wording).
 * - dead: the refresh token can never work again (reused, expired, unknown); only a new
 *   consent recovers the login.
 * - client: the app registration is wrong (client id or secret): the operator must act.
 * - rejected: Exact refused an access token on a REST call.
 * - none: nothing about the login (a passing failure, or this request's own fault).
 */
export type LoginEffect = "too_early" | "dead" | "client" | "rejected" | "none";

export type ExactFailure = {
  /** What a person is told: a message key under errors.* */
  code: string;
  /** The precise reason kept on the login (`last_error`): a key under oauthLogins.lastError.* */
  reason: string;
  /** Whether trying the same request again soon may help. */
  retry: boolean;
  login: LoginEffect;
  /** What Exact, the proxy or the network said, for the server log (never a token). */
  detail: string;
  /** Values for the reason's words (kept as `last_error_values`). */
  values?: Record<string, string>;
};

export type ClassifyContext = {
  /** The call went through an administration's proxy: connection failures are the proxy's. */
  viaProxy: boolean;
  /** Proxy-Authenticate values of the proxy's 407 (from a probe), when known. */
  proxyChallenge?: readonly string[] | null;
  /** The access token was obtained by a refresh for this very call. */
  freshToken?: boolean;
};

const DIRECT: ClassifyContext = { viaProxy: false };

function failure(
  code: string,
  retry: boolean,
  detail: string,
  login: LoginEffect = "none",
  reason = code,
): ExactFailure {
  return { code, reason, retry, login, detail };
}

type Link = { name: string; code: string; message: string };

/** The error and its `cause`s, outermost first (undici nests the real reason 1–3 deep). */
function causeChain(e: unknown): Link[] {
  const links: Link[] = [];
  let current: unknown = e;
  for (let i = 0; i < 8 && current instanceof Error; i++) {
    const code = (current as Error & { code?: unknown }).code;
    links.push({ name: current.name, code: typeof code === "string" ? code : "", message: current.message });
    current = (current as Error & { cause?: unknown }).cause;
  }
  return links;
}

const describeChain = (links: Link[]) =>
  links.map((l) => [l.name, l.code, l.message].filter(Boolean).join(" ")).join(" <- ") || "unknown error";

/** The guard's refusal of a proxy (proxy-guard.ts), however deep undici wrapped it. */
function proxyRefusal(e: unknown): ProxyRefusal | null {
  let current: unknown = e;
  for (let i = 0; i < 8 && current instanceof Error; i++) {
    const { code, refusal } = current as Error & { code?: unknown; refusal?: ProxyRefusal };
    if (code === "EPROXYREFUSED" && refusal) return refusal;
    current = (current as Error & { cause?: unknown }).cause;
  }
  return null;
}

// Failures to open a TCP connection: with a proxy, that connection is always to the proxy.
// EPROXYREFUSED: the portal refused to open it at all.
const CONNECT_CODES = new Set([
  "EPROXYREFUSED",
  "ECONNREFUSED",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ETIMEDOUT",
  "EADDRNOTAVAIL",
]);
const DNS_CODES = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_NONAME", "EAI_NODATA", "EAI_FAIL"]);
const TIMEOUT_CODES = new Set(["UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"]);
const TLS_CODE = /^(ERR_SSL_|ERR_TLS_|CERT_|UND_ERR_PRX_TLS$|UNABLE_TO_|SELF_SIGNED_|DEPTH_ZERO_|ERR_OSSL_)/;
// undici: "Proxy response (407) !== 200 when HTTP Tunneling"; without tunneling
// "Proxy Authentication Required (407)".
const PROXY_STATUS = /Proxy response \((\d{3})\)|Proxy Authentication Required \((407)\)/;

function proxyAuthOutcome(context: ClassifyContext, detail: string): ExactFailure {
  const ntlm = Boolean(context.proxyChallenge && offersOnlyWindowsAuth(context.proxyChallenge));
  const offered = context.proxyChallenge?.length ? ` (offers: ${context.proxyChallenge.join(", ")})` : "";
  return failure(ntlm ? "proxy_ntlm_unsupported" : "proxy_auth_failed", false, `${detail}${offered}`);
}

/** A REST answer's status. */
function fromStatus(status: number, detail: string, context: ClassifyContext): ExactFailure {
  const line = `HTTP ${status}${detail ? `: ${detail}` : ""}`;
  if (status === 401) {
    // A token Exact refuses although we just got it: the consent is gone, not the token.
    return failure(context.freshToken ? "needs_reauth" : "exact_rejected_token", false, line, "rejected");
  }
  if (status === 403) return failure("division_out_of_scope", false, line);
  if (status === 407) return proxyAuthOutcome(context, line);
  if (status === 408) return failure("exact_timeout", false, line);
  if (status === 429) return failure("exact_rate_limited", false, line);
  if (status >= 500) return failure("exact_unavailable", true, line);
  // Other 4xx are our request's fault; repeating it only adds to Exact's error count.
  return failure("exact_request_failed", false, line);
}

/**
 * The token endpoint's OAuth error answer. Only Exact's own words for a spent chain mean the
 * login is dead; every other refusal keeps the tokens and is tried again later, because
 * marking a healthy login dead costs a person a new consent.
 */
function fromTokenAnswer(e: oauth.ResponseBodyError): ExactFailure {
  const description = e.error_description ?? "";
  const detail = `${e.status} ${e.error}${description ? `: ${description}` : ""}`;
  // Seen as "TooEarlyToRefreshTokens" and as "TooEarlyToRefreshTokens: Rate limit exceeded: …".
  const reason = e.response.headers.get("reason") ?? "";
  const dead = (why: string) => failure("needs_reauth", false, detail, "dead", why);
  if (reason.trim().startsWith("TooEarlyToRefreshTokens") || /access.?token not expired/i.test(description)) {
    return failure("exact_unavailable", false, detail, "too_early", "too_early");
  }
  // "an obsoleted refresh token can not be used": a newer consent retired this chain.
  if (/old refresh token used|obsoleted refresh token/i.test(description)) return dead("refresh_token_reused");
  if (/refresh token expired/i.test(description)) return dead("refresh_token_expired");
  if (e.error === "invalid_grant") return dead("refresh_token_invalid");
  if (e.error === "invalid_client") return failure("exact_client", false, detail, "client", "invalid_client");
  // Ten failed calls of this app and user within the hour: Exact refuses every token call until
  // the hour is over. The refresh token itself is unharmed.
  if (e.status === 429 && /too many errors/i.test(description)) {
    const until = blockedUntil(description, e.response.headers.get("retry-after"));
    return { ...failure("token_error_blocked", false, detail), values: { until } };
  }
  // 200 token calls per app, user and day: the refresh token is still good tomorrow.
  if (e.status === 429 || /rate limit/i.test(description)) return failure("token_rate_limited", false, detail);
  return failure("exact_unavailable", false, detail, "none", "token_call_failed");
}

/** When Exact's error block ends, as the clock time people in the Netherlands read ("15:00"). */
function blockedUntil(description: string, retryAfter: string | null): string {
  const iso = /blocked until (\S+?)\.?$/i.exec(description)?.[1];
  const at = iso ? Date.parse(iso) : Number.NaN;
  return formatAmsterdamTime(Number.isNaN(at) ? Date.now() + (Number(retryAfter) || 3600) * 1000 : at);
}

/** A token answer that is not OAuth's JSON: an HTML or text error page, a gateway fault. */
function fromUnreadableAnswer(e: oauth.OperationProcessingError): ExactFailure {
  const status = e.cause instanceof Response ? e.cause.status : null;
  const detail = `${status ?? "-"} ${e.message}`;
  return failure("exact_unavailable", status === null || status >= 500, detail, "none", "exact_unavailable");
}

export function classifyExactError(e: unknown, context: ClassifyContext = DIRECT): ExactFailure {
  if (isAppError(e)) return failure(e.code, false, e.code);
  if (e instanceof ExactHttpError) return fromStatus(e.status, e.detail, context);
  if (e instanceof oauth.ResponseBodyError) return fromTokenAnswer(e);
  if (e instanceof oauth.WWWAuthenticateChallengeError) {
    return failure("exact_client", false, `${e.status} challenge`, "client", "invalid_client");
  }
  if (e instanceof oauth.OperationProcessingError) return fromUnreadableAnswer(e);

  const links = causeChain(e);
  const detail = describeChain(links);
  const codes = links.map((l) => l.code);
  const has = (set: Set<string>) => codes.some((c) => set.has(c));
  const refusal = proxyRefusal(e);
  if (refusal) return failure(refusalCode(refusal), false, detail);

  const proxyStatus = links.map((l) => PROXY_STATUS.exec(l.message)).find(Boolean);
  const tunnelStatus = proxyStatus ? Number(proxyStatus[1] ?? proxyStatus[2]) : null;
  if (tunnelStatus === 407) return proxyAuthOutcome(context, detail);
  if (codes.some((c) => TLS_CODE.test(c))) return failure("tls_failed", false, detail);
  if (has(DNS_CODES)) return failure("host_not_found", codes.includes("EAI_AGAIN"), detail);
  if (codes.includes("UND_ERR_CONNECT_TIMEOUT")) {
    // A connect time-out already took 10 s: trying again would keep a person waiting.
    return failure(context.viaProxy ? "proxy_unreachable" : "exact_timeout", false, detail);
  }
  if (has(CONNECT_CODES)) {
    return failure(context.viaProxy ? "proxy_unreachable" : "exact_unreachable", true, detail);
  }
  if (tunnelStatus !== null) {
    // The proxy answered our CONNECT with something else than 200. A 4xx (403 "not allowed",
    // 404, 405) is the proxy's own refusal to open a tunnel to Exact: its rules, not Exact,
    // and no retry changes it. A 5xx: it tried and could not reach Exact. proxy-chain says 593
    // for a name it cannot resolve; 504 is its time-out; anything else: Exact is out of its reach.
    if (tunnelStatus >= 400 && tunnelStatus < 500) {
      return { ...failure("proxy_refused_tunnel", false, detail), values: { status: String(tunnelStatus) } };
    }
    if (tunnelStatus === 593) return failure("host_not_found", false, detail);
    if (tunnelStatus === 504) return failure("exact_timeout", false, detail);
    return failure("exact_unreachable", true, detail);
  }
  if (links.some((l) => l.name === "TimeoutError" || l.name === "AbortError") || has(TIMEOUT_CODES)) {
    // Our own 30 s limit for the whole request: not repeated, a person is often waiting.
    return failure("exact_timeout", false, detail);
  }
  // What is left (ECONNRESET, "other side closed", …) broke after the connection was made:
  // the far end, Exact or the proxy relaying it, dropped it. That is often passing.
  return failure("exact_unreachable", true, detail);
}

/**
 * Whether a failed token call may still have reached Exact, which then rotated the refresh
 * token without our hearing of it. Only failures that prove the request never left (no
 * connection, no name, no TLS, a proxy refusing the tunnel) or an answer Exact gave in its
 * own OAuth words say no.
 */
export function mayHaveReachedExact(e: unknown): boolean {
  if (e instanceof oauth.ResponseBodyError || e instanceof oauth.WWWAuthenticateChallengeError) return false;
  if (isAppError(e)) return false;
  const links = causeChain(e);
  const codes = links.map((l) => l.code);
  if (codes.some((c) => CONNECT_CODES.has(c) || DNS_CODES.has(c) || TLS_CODE.test(c))) return false;
  if (codes.includes("UND_ERR_CONNECT_TIMEOUT")) return false;
  if (links.some((l) => PROXY_STATUS.test(l.message))) return false;
  return true;
}
