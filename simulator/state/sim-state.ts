import type { OptionOverrides } from "../fixture/fixture-schema";
import type { Site } from "../sites";

// Everything the simulator remembers between requests, and across restarts (persisted as JSON).
// Secrets (codes, tokens, session ids) are keys by their SHA-256 hash, never in the clear.

export interface SessionRecord {
  site: Site;
  userName: string;
  createdAt: number;
}

/** An authorization request between GET /api/oauth2/auth and the Toestaan/Weigeren answer. */
export interface PendingRequest {
  site: Site;
  clientId: string;
  redirectUri: string;
  /** null when the request had no state parameter (then the redirect carries none either). */
  state: string | null;
  createdAt: number;
}

export interface CodeRecord {
  site: Site;
  clientId: string;
  redirectUri: string;
  userName: string;
  issuedAt: number;
}

/** One consent = one chain of access/refresh tokens. */
export interface GrantRecord {
  site: Site;
  clientId: string;
  userName: string;
  createdAt: number;
  /** When the chain last received an access token: the 570 s too-early rule counts from here. */
  lastAccessIssuedAt: number;
  /** Set when that last access token was revoked (control API): a refresh is then not too early. */
  earlyRefreshAllowed?: boolean;
  /** Set when the same user consented to the same app again: one chain per user and app. */
  retiredAt?: number | null;
}

export interface RefreshTokenRecord {
  grantId: string;
  issuedAt: number;
  /** Set when the token was used: Exact's refresh tokens are single use. */
  rotatedAt: number | null;
  /** Issued by a refresh allowed early because the chain's access token was revoked. */
  afterRevocation?: boolean;
  /** Issued, but the dropAfterTokens fault destroyed the connection instead of answering. */
  answerDropped?: boolean;
  /** How long the answer that carried it was held back after it was issued (latency, delayAfterTokensMs). */
  answerHeldMs?: number;
}

export interface AccessTokenRecord {
  grantId: string;
  issuedAt: number;
  expiresAt: number;
  /** Set by POST /_control/revoke-access-tokens: Exact refuses the token before its 600 s are up. */
  revokedAt?: number | null;
}

/** A fixed window aligned on the clock (the whole minute, hour, or 00:00 UTC): call-window.ts. */
export interface CallWindow {
  start: number;
  count: number;
}

export interface ApiWindows {
  minute: CallWindow;
  day: CallWindow;
}

/** One record of {division}/project/TimeTransactions (api/time-transactions.ts). */
export interface TimeTransactionRecord {
  site: Site;
  division: number;
  /** Lower-case GUID, as in `TimeTransactions(guid'…')`. */
  id: string;
  fields: Record<string, unknown>;
  created: number;
  modified: number;
}

export type TokenGrantKey = "authorization_code" | "refresh_token" | "other";

export interface Counters {
  token: Record<TokenGrantKey, Record<string, number>>;
  api: Record<string, number>;
  /** REST 429s of the per-minute and per-day limits. */
  rateLimited: number;
  /** Calls refused because their key had 10 errors this hour (REST and token endpoint). */
  errorBlocked: number;
}

export interface SimState {
  version: 1;
  clockOffsetMs: number;
  optionOverrides: OptionOverrides;
  sessions: Record<string, SessionRecord>;
  pending: Record<string, PendingRequest>;
  codes: Record<string, CodeRecord>;
  grants: Record<string, GrantRecord>;
  refreshTokens: Record<string, RefreshTokenRecord>;
  accessTokens: Record<string, AccessTokenRecord>;
  /** Token endpoint calls per site + app + user (200 a day). */
  tokenCalls: Record<string, CallWindow>;
  /** REST calls per site + app + division (or + user for current/Me). */
  apiCalls: Record<string, ApiWindows>;
  /** Error answers per key and clock hour (error-block.ts). */
  errorCounts: Record<string, CallWindow>;
  counters: Counters;
  /** POST /_control/division-scope per user name (lower case): codes, or null for no scope. */
  divisionScopes: Record<string, number[] | null>;
  /** The one writable resource, by `site|division|id`. */
  timeTransactions: Record<string, TimeTransactionRecord>;
}

export function emptyCounters(): Counters {
  const outcomes = () => ({
    ok: 0,
    invalid_client: 0,
    invalid_request: 0,
    invalid_grant: 0,
    too_early: 0,
    old_refresh_token: 0,
    chain_retired: 0,
    expired: 0,
    rate_limited: 0,
    blocked: 0,
    fault: 0,
    dropped: 0,
  });
  return {
    token: { authorization_code: outcomes(), refresh_token: outcomes(), other: { unsupported_grant_type: 0 } },
    api: {},
    rateLimited: 0,
    errorBlocked: 0,
  };
}

export function emptyState(): SimState {
  return {
    version: 1,
    clockOffsetMs: 0,
    optionOverrides: {},
    sessions: {},
    pending: {},
    codes: {},
    grants: {},
    refreshTokens: {},
    accessTokens: {},
    tokenCalls: {},
    apiCalls: {},
    errorCounts: {},
    counters: emptyCounters(),
    divisionScopes: {},
    timeTransactions: {},
  };
}
