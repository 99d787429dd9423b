import * as oauth from "oauth4webapi";
import type { SiteClient } from "./exact-config";
import { type ExactMe, type ExactProvider, exactProvider } from "./exact-provider";
import { outboundFetch } from "./outbound-fetch";

// The OAuth client side of Exact, on oauth4webapi (the library Auth.js itself uses), with
// every endpoint and parameter taken from the provider description.

export const TOKEN_CALL_TIMEOUT_MS = 15_000;

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
    [oauth.customFetch]: fetchImpl,
    signal: AbortSignal.timeout(TOKEN_CALL_TIMEOUT_MS),
  };
}

export function authorizationUrl(client: SiteClient, redirectUri: string, state: string, forceLogin: boolean): URL {
  const p = exactProvider(client);
  const url = new URL(p.authorization.url);
  url.searchParams.set("client_id", client.clientId);
  url.searchParams.set("redirect_uri", redirectUri);
  for (const [k, v] of Object.entries(p.authorization.params)) url.searchParams.set(k, String(v));
  if (forceLogin) url.searchParams.set("force_login", "1");
  url.searchParams.set("state", state);
  return url;
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
): Promise<TokenSet> {
  const p = exactProvider(client);
  const as = server(p);
  const c: oauth.Client = { client_id: client.clientId };
  const params = oauth.validateAuthResponse(as, c, callbackUrl, expectedState);
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
): Promise<TokenSet> {
  const p = exactProvider(client);
  const as = server(p);
  const c: oauth.Client = { client_id: client.clientId };
  const response = await oauth.refreshTokenGrantRequest(
    as,
    c,
    oauth.ClientSecretPost(client.clientSecret),
    refreshToken,
    requestOptions(p, fetchImpl),
  );
  return toTokenSet(await oauth.processRefreshTokenResponse(as, c, response));
}

/** current/Me with an access token: who consented. */
export async function readCurrentMe(client: SiteClient, accessToken: string) {
  const p = exactProvider(client);
  const response = await outboundFetch(p.userinfo.url, {
    headers: { Accept: "application/json", Authorization: `Bearer ${accessToken}` },
    signal: AbortSignal.timeout(TOKEN_CALL_TIMEOUT_MS),
  });
  if (!response.ok) throw new ExactHttpError(response.status, await safeText(response));
  const body = (await response.json()) as { d?: { results?: unknown[] } | unknown[] };
  const d = body.d as { results?: unknown[] } | undefined;
  const me = (Array.isArray(d?.results) ? d.results[0] : undefined) as Record<string, unknown> | undefined;
  if (!me || typeof me.UserID !== "string") throw new ExactHttpError(response.status, "current/Me without a user");
  // The provider's profile mapping says which fields are the user's id and name.
  const profile = (await p.profile?.(me as ExactMe, {} as never)) as { id: string; name: string };
  return {
    userId: profile.id,
    userName: String(me.UserName ?? ""),
    fullName: profile.name,
    currentDivision: typeof me.CurrentDivision === "number" ? me.CurrentDivision : null,
  };
}

export class ExactHttpError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
  ) {
    super(`Exact answered ${status}`);
    this.name = "ExactHttpError";
  }
}

async function safeText(r: Response): Promise<string> {
  try {
    const text = await r.text();
    try {
      const j = JSON.parse(text);
      return String(j?.error?.message?.value ?? j?.error_description ?? j?.error ?? text).slice(0, 300);
    } catch {
      return text.slice(0, 300);
    }
  } catch {
    return "";
  }
}
