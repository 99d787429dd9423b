// Lifetimes from EXACT_ONLINE.md ("Token endpoint", "Lifetimes and rotation").
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** "An authorization code is single-use and lives about 3 minutes." */
export const CODE_LIFETIME_MS = 3 * MINUTE;
/** "Access token: 600 s from issue." */
export const ACCESS_TOKEN_LIFETIME_S = 600;
/** "A new access token may be requested only 570 s after the previous one was received." */
export const TOO_EARLY_MS = 570 * SECOND;
/** The 570 s rule for an access token lifetime other than 600 s (option accessTokenSeconds): 30 s before its end. */
export const tooEarlyMs = (accessTokenSeconds: number) => accessTokenSeconds * SECOND - (600 * SECOND - TOO_EARLY_MS);
/** "A refresh token unused for about 30 days expires." */
export const REFRESH_TOKEN_LIFETIME_MS = 30 * DAY;
/** Not from Exact: how long a login form / consent screen may stay open, and a browser session. */
export const PENDING_REQUEST_LIFETIME_MS = HOUR;
export const SESSION_LIFETIME_MS = 12 * HOUR;
