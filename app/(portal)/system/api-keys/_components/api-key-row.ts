import type { CreatorStop } from "@/lib/data/api-keys";
import type { ApiKeyScope } from "@/lib/schemas/api-keys";

/** What the API-sleutels grid gets of a key: its public prefix, never the key or its hash. */
export type ApiKeyRow = {
  id: string;
  name: string;
  prefix: string;
  scope: ApiKeyScope;
  createdByName: string;
  /** Made by `npm run apikey:create`: it follows no creator. */
  madeByTool: boolean;
  /** Why it does not work now because of its creator (blocked, no longer an admin), or null. */
  creatorStop: CreatorStop | null;
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
