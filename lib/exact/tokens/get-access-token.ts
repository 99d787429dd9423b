import "server-only";
import { now } from "@/lib/clock";
import { accessTokenColumn, refreshTokenColumn } from "@/lib/crypto/secret-columns";
import { AppError } from "@/lib/errors";
import type { CallSubject } from "@/lib/exact/activity/call-subject";
import { classifyExactError, type ExactFailure, mayHaveReachedExact } from "@/lib/exact/errors/classify-exact-error";
import { exactConfig } from "@/lib/exact/exact-config";
import { refreshTokens, tokenCallTimeoutMs } from "@/lib/exact/oauth/token-endpoint";
import { logger } from "@/lib/log/logger";
import { startLeaseWait, startTokenRefresh } from "@/lib/metrics/count-token-refresh";
import { recordRefreshFailure } from "./record-refresh-failure";
import { claimRefreshLease, keepLeaseAlive, leaseMs } from "./refresh-lease";
import { STORE_RETRY_DELAYS_MS, storeRefreshedPair } from "./store-token-pair";
import { watchTokenChange } from "./token-changes";
import { isFresh, isStillValid, readTokenRow, type TokenRow } from "./token-row";

// The only way any code gets an Exact access token.
//
// The stored token while it has more than 30 s left. Otherwise one refresh per token version,
// whoever asks: callers in this process share one attempt; across processes the refresh lease
// (refresh-lease.ts) lets one holder call Exact while the others wait for the row to change.
// Exact refuses a refresh within 570 s of the last one, so a token is refreshed only in its
// last 30 s — or when Exact has refused it (a 401 before its time), once per refused version.

export type AccessToken = {
  accessToken: string;
  /** The token version: a caller whose token Exact refused names it to force one refresh. */
  version: number;
  /** Obtained by a refresh for this call. */
  refreshed: boolean;
};

export type AccessTokenOptions = {
  /** The route a refresh takes: an administration's proxy for a call made for it. */
  fetch?: typeof fetch;
  /** Exact refused this version's access token: refresh it (once, whoever else asks). */
  refused?: number;
  /** Who the call that needs the token is for: the refresh's record says so (lib/exact/activity). */
  activity?: CallSubject;
};

/**
 * A waiting caller is woken by the holder's announcement (token-changes.ts); failing that, it
 * looks at the row this often. And it waits this long at most.
 */
const WAIT_POLL_MS = 250;
const waitBoundMs = () => tokenCallTimeoutMs() + STORE_RETRY_DELAYS_MS.reduce((a, b) => a + b, 0) + 2 * leaseMs();

const inFlight = new Map<string, Promise<AccessToken>>();

/** A valid access token for the login, or AppError (needs_reauth, not_authorized, exact_*). */
export async function getAccessToken(loginId: string, options: AccessTokenOptions = {}): Promise<string> {
  return (await accessTokenFor(loginId, options)).accessToken;
}

export async function accessTokenFor(loginId: string, options: AccessTokenOptions = {}): Promise<AccessToken> {
  const row = await readTokenRow(loginId);
  if (!row) throw new AppError("oauth_login_not_found");
  const key = `${loginId}:${row.tokenVersion}`;
  // A refresh of this version already under way (here, or under another process's live lease)
  // replaces a token Exact may just have refused: wait for it rather than send that token, or
  // every caller arriving meanwhile adds a 401 to Exact's ten errors an hour.
  let attempt = inFlight.get(key);
  if (attempt) return attempt;
  const usable = usableToken(row, options.refused);
  if (usable && !refreshUnderWay(row)) return usable;
  const leaseWaited = startLeaseWait();
  attempt = refreshVersion(loginId, row.tokenVersion, leaseWaited, options).finally(() => {
    leaseWaited();
    inFlight.delete(key);
  });
  inFlight.set(key, attempt);
  return attempt;
}

/** The stored token when it may be used as it is; throws when the login cannot give one. */
function usableToken(row: TokenRow, refused?: number): AccessToken | null {
  if (row.status === "needs_reauth") throw new AppError("needs_reauth");
  if (!row.refreshTokenEnc) throw new AppError("not_authorized");
  const forced = refused !== undefined && refused === row.tokenVersion;
  if (forced || !isFresh(row, now())) return null;
  return storedToken(row);
}

/** Someone holds a live lease on the row: a refresh of its version is being made. */
function refreshUnderWay(row: TokenRow): boolean {
  return row.refreshLeaseOwner !== null && (row.refreshLeaseUntil?.getTime() ?? 0) > now().getTime();
}

/** The stored access token as it is, not refreshed. */
function storedToken(row: TokenRow): AccessToken {
  return {
    accessToken: accessTokenColumn.open(row.id, row.accessTokenEnc as string),
    version: row.tokenVersion,
    refreshed: false,
  };
}

/**
 * One refresh of `version`: by this process under the lease, or by whoever holds it.
 * `leaseWaited` ends the wait's timing when the lease is ours (otherwise the caller ends it).
 */
async function refreshVersion(
  loginId: string,
  version: number,
  leaseWaited: () => void,
  options: AccessTokenOptions,
): Promise<AccessToken> {
  const deadline = Date.now() + waitBoundMs();
  let waited = false;
  for (;;) {
    // Watching before the claim: a holder that finishes in between still wakes us.
    const change = watchTokenChange(loginId, WAIT_POLL_MS + Math.random() * WAIT_POLL_MS);
    const claim = await claimRefreshLease(loginId, version);
    if (claim.kind !== "leased") change.cancel();
    if (claim.kind === "claimed") {
      leaseWaited();
      return refreshUnderLease(claim.row, claim.owner, options);
    }
    if (claim.kind === "changed") {
      if (!claim.row) throw new AppError("oauth_login_not_found");
      // Refreshed, re-consented or dead meanwhile; a new version that is itself due starts over.
      return usableToken(claim.row) ?? accessTokenFor(loginId);
    }
    // Another request or process is refreshing: never call Exact beside it.
    if (Date.now() > deadline) throw new AppError("exact_timeout");
    if (!waited) logger.debug({ loginId }, "waiting for the refresh another holder is making");
    waited = true;
    await change.wait();
    const row = await readTokenRow(loginId);
    if (!row) throw new AppError("oauth_login_not_found");
    if (row.tokenVersion !== version) return usableToken(row) ?? accessTokenFor(loginId);
    if (!row.refreshLeaseOwner) {
      // Released without a new pair while the stored token still lives: Exact said "too early"
      // (the holder's callers keep that token) or failed for now. Either way the token is
      // valid, and a caller waiting here takes it rather than an error it did not meet.
      if (row.status === "active" && isStillValid(row, now())) return storedToken(row);
      throw holderFailed(row);
    }
  }
}

/** The holder released its lease without a new token: its outcome is in the row. */
function holderFailed(row: TokenRow): AppError {
  if (row.status === "needs_reauth") return new AppError("needs_reauth");
  if (row.status === "error" && row.lastError === "invalid_client") return new AppError("exact_client");
  if (row.lastError === "refresh_in_doubt") return new AppError("exact_timeout");
  if (!PERSON_CODES.has(row.lastError ?? "")) return new AppError("exact_unavailable");
  return new AppError(row.lastError as string, undefined, row.lastErrorValues ?? undefined);
}

/** Reasons that are also words for a person (errors.*). */
const PERSON_CODES = new Set([
  "exact_unavailable",
  "exact_timeout",
  "exact_unreachable",
  "token_rate_limited",
  "token_error_blocked",
  "proxy_unreachable",
  "proxy_auth_failed",
  "proxy_ntlm_unsupported",
  "host_not_found",
  "tls_failed",
]);

/** A failed refresh as the metrics count it, by what it means for the login (as recordRefreshFailure decides). */
function refreshResult(failure: ExactFailure, reachedExact: boolean): "refused" | "in_doubt" | "temporary" {
  if (failure.login === "dead") return "refused";
  return reachedExact && failure.code === "exact_timeout" ? "in_doubt" : "temporary";
}

async function refreshUnderLease(row: TokenRow, owner: string, options: AccessTokenOptions): Promise<AccessToken> {
  const stopHeartbeat = keepLeaseAlive(row.id, owner);
  try {
    const client = exactConfig().client(row.site);
    if (!client) {
      await recordRefreshFailure(row, owner, classifyExactError(new AppError("site_not_configured")), false);
      throw new AppError("site_not_configured");
    }
    const usedRefreshTokenEnc = row.refreshTokenEnc as string;
    let tokens: Awaited<ReturnType<typeof refreshTokens>>;
    const refreshed = startTokenRefresh();
    try {
      const refreshToken = refreshTokenColumn.open(row.id, usedRefreshTokenEnc);
      tokens = await refreshTokens(client, refreshToken, options.fetch, options.activity ?? portalSubject(row.id));
      refreshed("ok");
    } catch (e) {
      const failure = classifyExactError(e);
      refreshed(refreshResult(failure, mayHaveReachedExact(e)));
      logger.warn({ loginId: row.id, effect: failure.login, detail: failure.detail }, "Exact token refresh failed");
      await recordRefreshFailure(row, owner, failure, mayHaveReachedExact(e));
      if (failure.login === "too_early" && isStillValid(row, now())) {
        // Exact says the current access token has not expired: keep using it.
        return storedToken(row);
      }
      throw new AppError(failure.code, undefined, failure.values);
    }
    // Exact has rotated the refresh token: from here the new pair must be stored.
    let version: number | null;
    try {
      version = await storeRefreshedPair(row.id, usedRefreshTokenEnc, tokens);
    } catch (e) {
      logger.error(
        { loginId: row.id, err: e },
        "new Exact tokens could not be stored; the login needs re-authorization",
      );
      await recordRefreshFailure(
        row,
        owner,
        { ...classifyExactError(e), login: "dead", reason: "token_store_failed", code: "needs_reauth" },
        false,
      );
      throw new AppError("needs_reauth");
    }
    if (version === null) {
      // A new consent replaced the chain while we refreshed the old one: use what is stored.
      logger.info({ loginId: row.id }, "a refreshed pair was dropped: the login has a newer chain");
      return accessTokenFor(row.id);
    }
    return { accessToken: tokens.accessToken, version, refreshed: true };
  } finally {
    stopHeartbeat();
  }
}

/** A refresh asked for outside a call to Exact (a script, a test): recorded as the portal's. */
function portalSubject(loginId: string): CallSubject {
  return { loginId, administrationId: null, onBehalf: "page", apiKeyPrefix: null, viaProxy: false };
}
