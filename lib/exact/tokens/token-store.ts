import "server-only";
import { eq } from "drizzle-orm";
import { getDb, type Tx } from "@/db/client";
import { oauthLogins } from "@/db/schema";
import { now } from "@/lib/clock";
import { accessTokenColumn, refreshTokenColumn } from "@/lib/crypto/secret-columns";
import { SYSTEM_ACTOR } from "@/lib/data/actor";
import { recordAudit } from "@/lib/data/audit";
import { AppError } from "@/lib/errors";
import { classifyExactError } from "@/lib/exact/errors/classify-exact-error";
import { exactConfig } from "@/lib/exact/exact-config";
import { refreshTokens, type TokenSet } from "@/lib/exact/oauth/token-endpoint";
import type { ExactSite } from "@/lib/exact/sites";
import { logger } from "@/lib/log/logger";

// The only way any code gets an Exact access token, and the only code that reads or writes
// the token columns.
//
// Exact's refresh tokens are single use: two holders refreshing at once destroy the login.
// So every refresh of one login — from any request, job or portal process — happens inside
// a transaction holding `SELECT … FOR UPDATE` on the login's row; inside it the row is
// re-read, a refresh happens only if still needed, and the new pair is stored before the
// lock is released. Exact refuses a refresh within 570 s of the last one, so we refresh
// only in the access token's last 30 s (or after it expired), never earlier.

export const REFRESH_MARGIN_MS = 30_000;
export const LOGIN_LIFETIME_MS = 30 * 24 * 3600 * 1000;

type TokenRow = {
  id: string;
  site: ExactSite;
  status: string;
  accessTokenEnc: string | null;
  refreshTokenEnc: string | null;
  accessTokenExpiresAt: Date | null;
};

const tokenColumns = {
  id: oauthLogins.id,
  site: oauthLogins.site,
  status: oauthLogins.status,
  accessTokenEnc: oauthLogins.accessTokenEnc,
  refreshTokenEnc: oauthLogins.refreshTokenEnc,
  accessTokenExpiresAt: oauthLogins.accessTokenExpiresAt,
  environmentId: oauthLogins.environmentId,
  description: oauthLogins.description,
};

function fresh(row: TokenRow, at: Date): boolean {
  return Boolean(
    row.accessTokenEnc &&
      row.accessTokenExpiresAt &&
      row.accessTokenExpiresAt.getTime() - at.getTime() > REFRESH_MARGIN_MS,
  );
}

function stillValid(row: TokenRow, at: Date): boolean {
  return Boolean(row.accessTokenEnc && row.accessTokenExpiresAt && row.accessTokenExpiresAt.getTime() > at.getTime());
}

/** Stores the pair a consent produced, under the same row lock every refresh takes. */
export async function storeConsentTokens(loginId: string, tokens: TokenSet): Promise<void> {
  await getDb().transaction(async (tx) => {
    await tx.select({ id: oauthLogins.id }).from(oauthLogins).where(eq(oauthLogins.id, loginId)).for("update");
    await storeTokens(tx, loginId, tokens);
  });
}

/** Writes a new token pair (encrypted) and the lifetimes that follow from it. */
export async function storeTokens(tx: Tx, loginId: string, tokens: TokenSet): Promise<void> {
  const at = now();
  await tx
    .update(oauthLogins)
    .set({
      accessTokenEnc: accessTokenColumn.seal(loginId, tokens.accessToken),
      refreshTokenEnc: refreshTokenColumn.seal(loginId, tokens.refreshToken),
      accessTokenExpiresAt: new Date(at.getTime() + tokens.expiresInSeconds * 1000),
      refreshTokenObtainedAt: at,
      loginExpiresAt: new Date(at.getTime() + LOGIN_LIFETIME_MS),
      lastRefreshAt: at,
      status: "active",
      lastError: null,
      updatedAt: at,
    })
    .where(eq(oauthLogins.id, loginId));
}

type Outcome =
  | { ok: true; accessToken: string }
  | { ok: false; code: string; kind: "dead" | "unavailable" | "client" | "not_authorized" };

/**
 * A valid access token for the login. Throws AppError("needs_reauth" | "exact_unavailable"
 * | "exact_client" | "not_authorized") with the reason kept in `last_error`.
 * `options.fetch` is the route a refresh takes: an administration's proxy when the token is
 * wanted for a call made for that administration (the refresh must not bypass it).
 */
export async function getAccessToken(loginId: string, options?: { fetch?: typeof fetch }): Promise<string> {
  const db = getDb();
  const [row] = await db.select(tokenColumns).from(oauthLogins).where(eq(oauthLogins.id, loginId));
  if (!row) throw new AppError("oauth_login_not_found");
  if (fresh(row, now())) return accessTokenColumn.open(loginId, row.accessTokenEnc as string);

  let refreshed = false;
  const outcome: Outcome = await db
    .transaction(async (tx): Promise<Outcome> => {
      const [locked] = await tx.select(tokenColumns).from(oauthLogins).where(eq(oauthLogins.id, loginId)).for("update");
      if (!locked?.refreshTokenEnc) return { ok: false, code: "not_authorized", kind: "not_authorized" };
      // Another request or process may have refreshed while we waited for the lock.
      if (fresh(locked, now())) {
        return { ok: true, accessToken: accessTokenColumn.open(loginId, locked.accessTokenEnc as string) };
      }
      if (locked.status === "needs_reauth") return { ok: false, code: "needs_reauth", kind: "dead" };
      const client = exactConfig().client(locked.site);
      if (!client) return { ok: false, code: "site_not_configured", kind: "client" };
      let tokens: TokenSet;
      try {
        // No retries while the lock is held; the call has its own 15 s time-out.
        tokens = await refreshTokens(client, refreshTokenColumn.open(loginId, locked.refreshTokenEnc), options?.fetch);
      } catch (e) {
        const error = classifyExactError(e);
        logger.warn({ loginId, effect: error.login, detail: error.detail }, "Exact token refresh failed");
        if (error.login === "too_early" && stillValid(locked, now())) {
          // Exact says the current access token has not expired: keep using it.
          return { ok: true, accessToken: accessTokenColumn.open(loginId, locked.accessTokenEnc as string) };
        }
        const dead = error.login === "dead";
        await tx
          .update(oauthLogins)
          .set({
            lastError: error.reason,
            lastCheckAt: now(),
            ...(dead
              ? { status: "needs_reauth" as const }
              : error.login === "client"
                ? { status: "error" as const }
                : {}),
          })
          .where(eq(oauthLogins.id, loginId));
        if (dead) {
          await recordAudit(tx, SYSTEM_ACTOR, {
            action: "oauth_login.needs_reauth",
            entityType: "oauth_login",
            entityId: loginId,
            environmentId: locked.environmentId,
            detail: { description: locked.description, reason: error.reason },
          });
        }
        return {
          ok: false,
          code: error.code,
          kind: dead ? "dead" : error.login === "client" ? "client" : "unavailable",
        };
      }
      // Exact has rotated the refresh token: from here the new pair must be stored.
      refreshed = true;
      await storeTokens(tx, loginId, tokens);
      return { ok: true, accessToken: tokens.accessToken };
    })
    .catch(async (e) => {
      if (!refreshed) throw e;
      // The new pair could not be stored and the old refresh token is spent: the login is
      // dead. Say so, rather than let the next refresh find out the hard way.
      logger.error({ loginId, err: e }, "new Exact tokens could not be stored; the login needs re-authorization");
      await db
        .update(oauthLogins)
        .set({ status: "needs_reauth", lastError: "token_store_failed", lastCheckAt: now() })
        .where(eq(oauthLogins.id, loginId));
      return { ok: false, code: "needs_reauth", kind: "dead" } as Outcome;
    });
  if (outcome.ok) return outcome.accessToken;
  throw new AppError(outcome.code);
}
