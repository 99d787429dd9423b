import * as oauth from "oauth4webapi";
import { isAppError } from "@/lib/errors";
import { ExactHttpError } from "./oauth-round-trip";
import { offersOnlyWindowsAuth } from "./proxy-auth-schemes";
import { classifyTokenError } from "./token-error";

/**
 * What went wrong with a REST call to Exact, as a message key a person understands
 * (errors.<code>), whether trying again soon may help, and the raw detail for the server log.
 */
export type ClassifiedApiError = { code: string; retry: boolean; detail: string };

export type ClassifyContext = {
  /** The call went through an administration's proxy: connection failures are the proxy's. */
  viaProxy: boolean;
  /** Proxy-Authenticate values of the proxy's 407 (from a probe), when known. */
  proxyChallenge?: readonly string[] | null;
  /** The access token was obtained by a refresh for this very call. */
  freshToken?: boolean;
};

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

// Failures to open a TCP connection: with a proxy, that connection is always to the proxy.
const CONNECT_CODES = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "ETIMEDOUT", "EADDRNOTAVAIL"]);
const DNS_CODES = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_NONAME", "EAI_NODATA", "EAI_FAIL"]);
const TIMEOUT_CODES = new Set(["UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"]);
const TLS_CODE = /^(ERR_SSL_|ERR_TLS_|CERT_|UND_ERR_PRX_TLS$|UNABLE_TO_|SELF_SIGNED_|DEPTH_ZERO_|ERR_OSSL_)/;
// undici: "Proxy response (407) !== 200 when HTTP Tunneling"; without tunneling
// "Proxy Authentication Required (407)".
const PROXY_STATUS = /Proxy response \((\d{3})\)|Proxy Authentication Required \((407)\)/;

function proxyAuthOutcome(context: ClassifyContext, detail: string): ClassifiedApiError {
  const ntlm = Boolean(context.proxyChallenge && offersOnlyWindowsAuth(context.proxyChallenge));
  const offered = context.proxyChallenge?.length ? ` (offers: ${context.proxyChallenge.join(", ")})` : "";
  return { code: ntlm ? "proxy_ntlm_unsupported" : "proxy_auth_failed", retry: false, detail: `${detail}${offered}` };
}

function fromStatus(status: number, detail: string, context: ClassifyContext): ClassifiedApiError {
  const line = `HTTP ${status}${detail ? `: ${detail}` : ""}`;
  if (status === 401) {
    // A token Exact refuses although we just got it: the consent is gone, not the token.
    return { code: context.freshToken ? "needs_reauth" : "exact_rejected_token", retry: false, detail: line };
  }
  if (status === 403) return { code: "division_out_of_scope", retry: false, detail: line };
  if (status === 407) return proxyAuthOutcome(context, line);
  if (status === 408) return { code: "exact_timeout", retry: false, detail: line };
  if (status === 429) return { code: "exact_rate_limited", retry: false, detail: line };
  if (status >= 500) return { code: "exact_unavailable", retry: true, detail: line };
  // Other 4xx are our request's fault; repeating it only adds to Exact's error count.
  return { code: "exact_request_failed", retry: false, detail: line };
}

export function classifyApiError(e: unknown, context: ClassifyContext): ClassifiedApiError {
  if (isAppError(e)) return { code: e.code, retry: false, detail: e.code };
  if (e instanceof ExactHttpError) return fromStatus(e.status, e.detail, context);
  if (
    e instanceof oauth.ResponseBodyError ||
    e instanceof oauth.WWWAuthenticateChallengeError ||
    e instanceof oauth.OperationProcessingError
  ) {
    // A token call's answer: its own classification says what it means for the login.
    const token = classifyTokenError(e);
    const code =
      token.kind === "dead"
        ? "needs_reauth"
        : token.kind === "client"
          ? "exact_client"
          : token.kind === "too_early"
            ? "exact_unavailable"
            : token.messageKey;
    return { code, retry: token.kind === "unavailable" && code === "exact_unavailable", detail: token.detail };
  }

  const links = causeChain(e);
  const detail = describeChain(links);
  const codes = links.map((l) => l.code);
  const has = (set: Set<string>) => codes.some((c) => set.has(c));

  const proxyStatus = links.map((l) => PROXY_STATUS.exec(l.message)).find(Boolean);
  const tunnelStatus = proxyStatus ? Number(proxyStatus[1] ?? proxyStatus[2]) : null;
  if (tunnelStatus === 407) return proxyAuthOutcome(context, detail);
  if (codes.some((c) => TLS_CODE.test(c))) return { code: "tls_failed", retry: false, detail };
  if (has(DNS_CODES)) return { code: "host_not_found", retry: codes.includes("EAI_AGAIN"), detail };
  if (codes.includes("UND_ERR_CONNECT_TIMEOUT")) {
    // A connect time-out already took 10 s: trying again would keep a person waiting.
    return { code: context.viaProxy ? "proxy_unreachable" : "exact_timeout", retry: false, detail };
  }
  if (has(CONNECT_CODES)) {
    return { code: context.viaProxy ? "proxy_unreachable" : "exact_unreachable", retry: true, detail };
  }
  if (tunnelStatus !== null) {
    // The proxy answered our CONNECT but could not reach Exact. proxy-chain says 593 for a
    // name it cannot resolve; 504 is its time-out; anything else: Exact is out of its reach.
    if (tunnelStatus === 593) return { code: "host_not_found", retry: false, detail };
    if (tunnelStatus === 504) return { code: "exact_timeout", retry: false, detail };
    return { code: "exact_unreachable", retry: true, detail };
  }
  if (links.some((l) => l.name === "TimeoutError" || l.name === "AbortError") || has(TIMEOUT_CODES)) {
    // Our own 30 s limit for the whole request: not repeated, a person is often waiting.
    return { code: "exact_timeout", retry: false, detail };
  }
  // What is left (ECONNRESET, "other side closed", …) broke after the connection was made:
  // the far end, Exact or the proxy relaying it, dropped it. That is often passing.
  return { code: "exact_unreachable", retry: true, detail };
}
