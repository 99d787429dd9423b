import type { SimContext } from "../sim-context";
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
export function issueTokens(
  ctx: SimContext,
  grantId: string,
  answer: { dropped: boolean; heldMs: number } = { dropped: false, heldMs: 0 },
): TokenResponse {
  const now = ctx.clock.now();
  const lifetimeS = ctx.options().accessTokenSeconds;
  const accessToken = exactToken();
  const refreshToken = exactToken();
  const state = ctx.store.state;
  state.accessTokens[hashToken(accessToken)] = {
    grantId,
    issuedAt: now,
    expiresAt: now + lifetimeS * 1000,
  };
  // The ledger (GET /_control/ledger) reads these: issued in order, used or not, answered or not.
  state.refreshTokens[hashToken(refreshToken)] = {
    grantId,
    issuedAt: now,
    rotatedAt: null,
    ...(state.grants[grantId].earlyRefreshAllowed ? { afterRevocation: true } : {}),
    ...(answer.dropped ? { answerDropped: true } : {}),
    ...(answer.heldMs > 0 ? { answerHeldMs: answer.heldMs } : {}),
  };
  state.grants[grantId].lastAccessIssuedAt = now;
  state.grants[grantId].earlyRefreshAllowed = false;
  return {
    access_token: accessToken,
    token_type: "bearer",
    expires_in: String(lifetimeS),
    refresh_token: refreshToken,
  };
}
