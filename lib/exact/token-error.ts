import * as oauth from "oauth4webapi";

/**
 * What a failed token call means for the login:
 * - too_early: Exact refuses a new access token within 570 s of the last one; the current
 *   access token is still valid (both the 2026 and the 2021 wording).
 * - dead: the refresh token can never work again (reused, expired, unknown); only a new
 *   consent recovers the login.
 * - client: the app registration is wrong (client id or secret): the operator must act.
 * - unavailable: network failure, time-out, 5xx or a non-JSON page: try again later.
 */
export type TokenErrorKind = "too_early" | "dead" | "client" | "unavailable";

export type ClassifiedTokenError = {
  kind: TokenErrorKind;
  /** Message key under errors.exact.* */
  messageKey: string;
  /** What Exact said, for the server log and `last_error` (never a token). */
  detail: string;
};

export function classifyTokenError(e: unknown): ClassifiedTokenError {
  if (e instanceof oauth.ResponseBodyError) {
    const description = e.error_description ?? "";
    const detail = `${e.status} ${e.error}${description ? `: ${description}` : ""}`;
    const reason = e.response.headers.get("reason") ?? "";
    if (
      reason === "TooEarlyToRefreshTokens" ||
      /access.?token not expired/i.test(description) ||
      (e.error === "access_denied" && /rate limit exceeded: access_token not expired/i.test(description))
    ) {
      return { kind: "too_early", messageKey: "too_early", detail };
    }
    if (/old refresh token used/i.test(description))
      return { kind: "dead", messageKey: "refresh_token_reused", detail };
    if (/refresh token expired/i.test(description))
      return { kind: "dead", messageKey: "refresh_token_expired", detail };
    if (e.error === "invalid_grant") return { kind: "dead", messageKey: "refresh_token_invalid", detail };
    if (e.error === "invalid_client") return { kind: "client", messageKey: "invalid_client", detail };
    // 200 token calls per app, user and day: the refresh token is still good tomorrow.
    if (e.status === 429) return { kind: "unavailable", messageKey: "token_rate_limited", detail };
    if (e.error === "unauthorized_client") return { kind: "dead", messageKey: "refresh_token_invalid", detail };
    if (e.status >= 500) return { kind: "unavailable", messageKey: "exact_unavailable", detail };
    return { kind: "dead", messageKey: "refresh_token_invalid", detail };
  }
  if (e instanceof oauth.WWWAuthenticateChallengeError) {
    return { kind: "client", messageKey: "invalid_client", detail: `${e.status} challenge` };
  }
  if (e instanceof oauth.OperationProcessingError) {
    return { kind: "unavailable", messageKey: "exact_unavailable", detail: e.message };
  }
  if (e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError")) {
    return { kind: "unavailable", messageKey: "exact_timeout", detail: "time-out" };
  }
  return { kind: "unavailable", messageKey: "exact_unreachable", detail: describeNetworkError(e) };
}

/** The innermost cause's message of a fetch failure ("ECONNREFUSED", "407 …"). */
export function describeNetworkError(e: unknown): string {
  let current: unknown = e;
  let message = "network error";
  for (let i = 0; i < 5 && current; i++) {
    if (current instanceof Error) {
      message = (current as Error & { code?: string }).code ?? current.message;
      current = (current as Error & { cause?: unknown }).cause;
    } else break;
  }
  return message;
}
