import "server-only";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { getDb } from "@/db/client";
import { oauthLogins } from "@/db/schema";

// What the token door reads of a login: the token columns (ciphertext) and the lease.

export const tokenColumns = {
  id: oauthLogins.id,
  site: oauthLogins.site,
  status: oauthLogins.status,
  environmentId: oauthLogins.environmentId,
  description: oauthLogins.description,
  exactUserId: oauthLogins.exactUserId,
  accessTokenEnc: oauthLogins.accessTokenEnc,
  refreshTokenEnc: oauthLogins.refreshTokenEnc,
  accessTokenExpiresAt: oauthLogins.accessTokenExpiresAt,
  tokenVersion: oauthLogins.tokenVersion,
  refreshLeaseOwner: oauthLogins.refreshLeaseOwner,
  refreshLeaseUntil: oauthLogins.refreshLeaseUntil,
  refreshInDoubtAt: oauthLogins.refreshInDoubtAt,
  lastError: oauthLogins.lastError,
  lastErrorValues: oauthLogins.lastErrorValues,
  lastRefreshAt: oauthLogins.lastRefreshAt,
  consentedAt: oauthLogins.consentedAt,
};

export type TokenRow = {
  [K in keyof typeof tokenColumns]: (typeof tokenColumns)[K]["_"]["notNull"] extends true
    ? (typeof tokenColumns)[K]["_"]["data"]
    : (typeof tokenColumns)[K]["_"]["data"] | null;
};

export async function readTokenRow(
  loginId: string,
  db: DbOrTx = getDb(),
  options: { forUpdate?: boolean } = {},
): Promise<TokenRow | undefined> {
  const query = db.select(tokenColumns).from(oauthLogins).where(eq(oauthLogins.id, loginId));
  const [row] = options.forUpdate ? await query.for("update") : await query;
  return row as TokenRow | undefined;
}

/** Exact refuses a refresh within 570 s of the last one: refresh only in the last 30 s. */
export const REFRESH_MARGIN_MS = 30_000;

/** The stored access token can be used without asking Exact. */
export function isFresh(row: TokenRow, at: Date): boolean {
  return Boolean(
    row.accessTokenEnc &&
      row.accessTokenExpiresAt &&
      row.accessTokenExpiresAt.getTime() - at.getTime() > REFRESH_MARGIN_MS,
  );
}

/** The stored access token has not expired (it may be in its last 30 s). */
export function isStillValid(row: TokenRow, at: Date): boolean {
  return Boolean(row.accessTokenEnc && row.accessTokenExpiresAt && row.accessTokenExpiresAt.getTime() > at.getTime());
}
