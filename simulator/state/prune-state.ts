import {
  CODE_LIFETIME_MS,
  DAY,
  HOUR,
  PENDING_REQUEST_LIFETIME_MS,
  REFRESH_TOKEN_LIFETIME_MS,
  SESSION_LIFETIME_MS,
} from "./lifetimes";
import type { SimState } from "./sim-state";

/**
 * Drops records that can no longer change an answer, so the state file does not grow forever.
 * Rotated refresh tokens are kept until they would have expired anyway: until then a reuse must
 * still answer "Old refresh token used." rather than a generic invalid_grant.
 */
export function pruneState(state: SimState, now: number): void {
  const drop = <T>(map: Record<string, T>, dead: (value: T) => boolean) => {
    for (const [key, value] of Object.entries(map)) if (dead(value)) delete map[key];
  };
  drop(state.sessions, (s) => now - s.createdAt > SESSION_LIFETIME_MS);
  drop(state.pending, (p) => now - p.createdAt > PENDING_REQUEST_LIFETIME_MS);
  drop(state.codes, (c) => now - c.issuedAt > CODE_LIFETIME_MS);
  drop(state.accessTokens, (t) => now - t.expiresAt > DAY);
  drop(state.refreshTokens, (t) => now - t.issuedAt > REFRESH_TOKEN_LIFETIME_MS + DAY);
  const alive = new Set(Object.values(state.refreshTokens).map((t) => t.grantId));
  for (const t of Object.values(state.accessTokens)) alive.add(t.grantId);
  for (const id of Object.keys(state.grants)) if (!alive.has(id)) delete state.grants[id];
  drop(state.tokenCalls, (w) => now - w.start > 2 * DAY);
  drop(state.apiCalls, (w) => now - w.day.start > 2 * DAY);
  drop(state.errorCounts, (w) => now - w.start > 2 * HOUR);
}
