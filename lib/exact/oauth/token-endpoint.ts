import "server-only";
import * as oauth from "oauth4webapi";
import type { CallSubject } from "@/lib/exact/activity/call-subject";
import { recordedTokenCall } from "@/lib/exact/activity/recorded-exact-call";
import type { SiteClient } from "@/lib/exact/exact-config";
import { type ExactProvider, exactProvider } from "@/lib/exact/oauth/exact-provider";
import { outboundFetch } from "@/lib/network/outbound-fetch";
import { tracedFetch } from "@/lib/telemetry/traced-fetch";

// Exact's token endpoint — the code exchange and the refresh — on oauth4webapi (the library
// Auth.js itself uses), with every endpoint and parameter taken from the provider description.
// Failures are thrown as oauth4webapi's errors; errors/classify-exact-error.ts reads them.

/**
 * Exact has answered a refresh after 35 s, having rotated the token all the same: a client
 * that gave up sooner would have lost the new pair. The call is never retried blindly; one
 * given up on leaves the refresh in doubt. `EXACT_TOKEN_TIMEOUT_MS` (default 90 s) exists so a
 * test can reach that state without waiting a minute and a half.
 */
export function tokenCallTimeoutMs(): number {
  const ms = Number(process.env.EXACT_TOKEN_TIMEOUT_MS);
  return Number.isInteger(ms) && ms > 0 ? ms : 90_000;
}

export type TokenSet = { accessToken: string; refreshToken: string; expiresInSeconds: number };

function server(p: ExactProvider): oauth.AuthorizationServer {
  return {
    issuer: new URL(p.authorization.url).origin,
    authorization_endpoint: p.authorization.url,
    token_endpoint: p.token.url,
    userinfo_endpoint: p.userinfo.url,
  };
}

function requestOptions(p: ExactProvider, fetchImpl: typeof fetch = outboundFetch) {
  return {
    // The simulator (and an operator's test server) may speak plain http.
    [oauth.allowInsecureRequests]: p.token.url.startsWith("http:"),
    [oauth.customFetch]: tracedFetch(fetchImpl, "token"),
    signal: AbortSignal.timeout(tokenCallTimeoutMs()),
  };
}

function toTokenSet(r: oauth.TokenEndpointResponse): TokenSet {
  if (!r.refresh_token) throw new oauth.OperationProcessingError("Exact answered without a refresh token");
  // Exact sends expires_in as a string ("600"); oauth4webapi parses it to a number.
  const expiresIn = Number(r.expires_in ?? 600);
  return {
    accessToken: r.access_token,
    refreshToken: r.refresh_token,
    expiresInSeconds: Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 600,
  };
}

/** Validates the callback against the expected state and exchanges the code, once. */
export async function exchangeCode(
  client: SiteClient,
  redirectUri: string,
  callbackUrl: URL,
  expectedState: string,
  subject?: CallSubject,
): Promise<TokenSet> {
  const p = exactProvider(client);
  const as = server(p);
  const c: oauth.Client = { client_id: client.clientId };
  const params = oauth.validateAuthResponse(as, c, callbackUrl, expectedState);
  return recordedTokenCall(subject, "authorization_code", p.token.url, async () => {
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      c,
      oauth.ClientSecretPost(client.clientSecret),
      params,
      redirectUri,
      oauth.nopkce,
      requestOptions(p),
    );
    return toTokenSet(await oauth.processAuthorizationCodeResponse(as, c, response));
  });
}

/**
 * One refresh: Exact's refresh tokens are single use, so the caller stores the new pair at once.
 * `fetchImpl` carries the call through an administration's proxy when the refresh is made
 * for one; otherwise the standard outbound route is used.
 */
export async function refreshTokens(
  client: SiteClient,
  refreshToken: string,
  fetchImpl: typeof fetch = outboundFetch,
  subject?: CallSubject,
): Promise<TokenSet> {
  const p = exactProvider(client);
  const as = server(p);
  const c: oauth.Client = { client_id: client.clientId };
  return recordedTokenCall(subject, "refresh_token", p.token.url, async () => {
    const response = await oauth.refreshTokenGrantRequest(
      as,
      c,
      oauth.ClientSecretPost(client.clientSecret),
      refreshToken,
      requestOptions(p, fetchImpl),
    );
    return toTokenSet(await oauth.processRefreshTokenResponse(as, c, response));
  });
}
