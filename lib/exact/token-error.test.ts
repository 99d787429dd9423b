import * as oauth from "oauth4webapi";
import { describe, expect, test } from "vitest";
import { classifyTokenError } from "./token-error";

// Real oauth4webapi errors, made by letting it process Exact-shaped answers.
async function errorFor(status: number, body: unknown, headers: Record<string, string> = {}) {
  const as = {
    issuer: "https://start.exactonline.nl",
    token_endpoint: "https://start.exactonline.nl/api/oauth2/token",
  };
  const response = new Response(typeof body === "string" ? body : JSON.stringify(body), {
    status,
    headers: { "content-type": typeof body === "string" ? "text/html" : "application/json", ...headers },
  });
  return oauth.processRefreshTokenResponse(as, { client_id: "c" }, response).catch((e) => e);
}

describe("classifyTokenError", () => {
  test.each([
    [
      "too early, 2026 wording",
      400,
      { error: "access_denied", error_description: "Rate limit exceeded: access_token not expired" },
      { Reason: "TooEarlyToRefreshTokens" },
      "too_early",
      "too_early",
    ],
    [
      "too early, 2021 wording",
      401,
      { error: "access_denied", error_description: "Access Token not expired" },
      {},
      "too_early",
      "too_early",
    ],
    [
      "old refresh token used",
      401,
      { error: "unauthorized_client", error_description: "Old refresh token used." },
      {},
      "dead",
      "refresh_token_reused",
    ],
    [
      "refresh token expired",
      400,
      { error: "invalid_request", error_description: "The refresh token expired at 2026-12-28T10:00:00Z" },
      {},
      "dead",
      "refresh_token_expired",
    ],
    ["unknown refresh token", 400, { error: "invalid_grant" }, {}, "dead", "refresh_token_invalid"],
    ["wrong client secret", 401, { error: "invalid_client" }, {}, "client", "invalid_client"],
    [
      "200 token calls a day used up (the refresh token stays good)",
      429,
      {
        error: "access_denied",
        error_description: "Rate limit exceeded: at most 200 token requests per app, per user, per day",
      },
      {},
      "unavailable",
      "token_rate_limited",
    ],
    ["server error page", 503, "<html>Service Unavailable</html>", {}, "unavailable", "exact_unavailable"],
  ])("%s", async (_, status, body, headers, kind, messageKey) => {
    const error = await errorFor(status, body, headers);
    expect(classifyTokenError(error)).toMatchObject({ kind, messageKey });
  });

  test("a network failure or time-out is 'unavailable', with the innermost cause in words", () => {
    const refused = new TypeError("fetch failed", {
      cause: Object.assign(new Error("connect"), { code: "ECONNREFUSED" }),
    });
    expect(classifyTokenError(refused)).toMatchObject({ kind: "unavailable", detail: "ECONNREFUSED" });
    expect(classifyTokenError(new DOMException("timed out", "TimeoutError"))).toMatchObject({
      kind: "unavailable",
      messageKey: "exact_timeout",
    });
  });

  test("Exact's string expires_in is accepted by the library", async () => {
    const as = { issuer: "https://x", token_endpoint: "https://x/token" };
    const response = Response.json({ access_token: "a", token_type: "bearer", expires_in: "600", refresh_token: "r" });
    const result = await oauth.processRefreshTokenResponse(as, { client_id: "c" }, response);
    expect(Number(result.expires_in)).toBe(600);
  });
});
