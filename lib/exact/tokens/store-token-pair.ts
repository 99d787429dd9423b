import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { and, eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { oauthLogins } from "@/db/schema";
import { now } from "@/lib/clock";
import { accessTokenColumn, refreshTokenColumn } from "@/lib/crypto/secret-columns";
import type { TokenSet } from "@/lib/exact/oauth/token-endpoint";
import { logger } from "@/lib/log/logger";
import { announceTokenChange } from "./token-changes";

export const LOGIN_LIFETIME_MS = 30 * 24 * 3600 * 1000;

/**
 * Pauses between attempts to store a pair Exact has already rotated to. Exact's old refresh
 * token is spent, so the new pair in memory is the login's only future: it is kept for a
 * minute of retries (each on whatever connection the pool has then, a new one if the last
 * died) before anything gives up on it.
 */
export const STORE_RETRY_DELAYS_MS = [100, 250, 500, 1_000, 2_000, 4_000, 8_000, 15_000, 30_000];

/** The columns a new pair sets: lifetimes follow from when we received it. */
export function tokenPairColumns(loginId: string, tokens: TokenSet) {
  const at = now();
  return {
    accessTokenEnc: accessTokenColumn.seal(loginId, tokens.accessToken),
    refreshTokenEnc: refreshTokenColumn.seal(loginId, tokens.refreshToken),
    accessTokenExpiresAt: new Date(at.getTime() + tokens.expiresInSeconds * 1000),
    refreshTokenObtainedAt: at,
    loginExpiresAt: new Date(at.getTime() + LOGIN_LIFETIME_MS),
    lastRefreshAt: at,
    tokenVersion: sql`${oauthLogins.tokenVersion} + 1`,
    refreshLeaseOwner: null,
    refreshLeaseUntil: null,
    refreshInDoubtAt: null,
    status: "active" as const,
    lastError: null,
    lastErrorValues: null,
    updatedAt: at,
  };
}

/**
 * Stores a refreshed pair if the login still holds the refresh token that was used (compare
 * and set), releasing the lease. Returns the new token version, or null when the row moved on
 * without us (a new consent replaced the chain): then this pair is not the login's any more.
 */
export async function storeRefreshedPair(
  loginId: string,
  usedRefreshTokenEnc: string,
  tokens: TokenSet,
): Promise<number | null> {
  const set = tokenPairColumns(loginId, tokens);
  for (let attempt = 0; ; attempt++) {
    try {
      const [stored] = await getDb()
        .update(oauthLogins)
        .set(set)
        .where(and(eq(oauthLogins.id, loginId), eq(oauthLogins.refreshTokenEnc, usedRefreshTokenEnc)))
        .returning({ version: oauthLogins.tokenVersion });
      if (stored) {
        await announceTokenChange(loginId);
        return stored.version;
      }
      // Not stored: either another writer replaced the chain, or our own earlier attempt did
      // commit and only its answer was lost. The row tells which.
      const [row] = await getDb()
        .select({ enc: oauthLogins.refreshTokenEnc, version: oauthLogins.tokenVersion })
        .from(oauthLogins)
        .where(eq(oauthLogins.id, loginId));
      return row && row.enc === set.refreshTokenEnc ? row.version : null;
    } catch (e) {
      if (attempt >= STORE_RETRY_DELAYS_MS.length) throw e;
      logger.warn({ loginId, attempt: attempt + 1, err: e }, "storing a new Exact token pair failed; trying again");
      await sleep(STORE_RETRY_DELAYS_MS[attempt]);
    }
  }
}
