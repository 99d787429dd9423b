/** What the API-sleutels grid gets of a key: its public prefix, never the key or its hash. */
export type ApiKeyRow = {
  id: string;
  name: string;
  prefix: string;
  createdByName: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  callCount: number;
  /** Requests refused with this key's prefix (wrong secret, revoked, expired), and the last one. */
  refusedCount: number;
  lastRefusedAt: string | null;
  /** Expired at the time the page was made (revoked keys say so instead). */
  expired: boolean;
};
