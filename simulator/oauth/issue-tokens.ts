import type { SimContext } from "../sim-context";
import { ACCESS_TOKEN_LIFETIME_S } from "../state/lifetimes";
import { exactToken } from "./exact-token";
import { hashToken } from "./hash-token";

export interface TokenResponse {
  access_token: string;
  token_type: "bearer";
  /** A string, as Exact sends it (EXACT_ONLINE.md: "expires_in is a string"). */
  expires_in: string;
  refresh_token: string;
}

/** A new access token (600 s) and a new single-use refresh token for a grant chain, each about a
 * kilobyte with "!", "+" and "/" in it (exact-token.ts). */
export function issueTokens(ctx: SimContext, grantId: string): TokenResponse {
  const now = ctx.clock.now();
  const accessToken = exactToken();
  const refreshToken = exactToken();
  const state = ctx.store.state;
  state.accessTokens[hashToken(accessToken)] = {
    grantId,
    issuedAt: now,
    expiresAt: now + ACCESS_TOKEN_LIFETIME_S * 1000,
  };
  state.refreshTokens[hashToken(refreshToken)] = { grantId, issuedAt: now, rotatedAt: null };
  state.grants[grantId].lastAccessIssuedAt = now;
  state.grants[grantId].earlyRefreshAllowed = false;
  return {
    access_token: accessToken,
    token_type: "bearer",
    expires_in: String(ACCESS_TOKEN_LIFETIME_S),
    refresh_token: refreshToken,
  };
}
