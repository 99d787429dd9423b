import type { SimContext } from "../sim-context";
import { hashToken } from "./hash-token";

/**
 * EXACT_ONLINE.md "Early 401s": Exact sometimes refuses an access token before its 600 s are up.
 * Revokes every live access token (of one user, or one given token, or all): from now on each
 * answers 401 on every REST call, whoever presents it, until the client refreshes. A refresh of
 * a chain whose latest access token was revoked is not "too early" — the client holds no valid
 * token — and the tokens it brings work. Returns how many tokens were revoked.
 */
export function revokeAccessTokens(ctx: SimContext, filter: { userName?: string; accessToken?: string }): number {
  const state = ctx.store.state;
  const now = ctx.clock.now();
  const only = filter.accessToken === undefined ? null : hashToken(filter.accessToken);
  const user = filter.userName?.trim().toLowerCase();
  let revoked = 0;
  for (const [hash, token] of Object.entries(state.accessTokens)) {
    if (only !== null && hash !== only) continue;
    if (token.revokedAt || now >= token.expiresAt) continue;
    const grant = Object.hasOwn(state.grants, token.grantId) ? state.grants[token.grantId] : undefined;
    if (!grant) continue;
    if (user !== undefined && grant.userName.toLowerCase() !== user) continue;
    token.revokedAt = now;
    if (token.issuedAt === grant.lastAccessIssuedAt) grant.earlyRefreshAllowed = true;
    revoked += 1;
  }
  return revoked;
}
