import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { oauthLogins } from "@/db/schema";
import { now } from "@/lib/clock";
import type { TokenSet } from "@/lib/exact/oauth/token-endpoint";
import { tokenPairColumns } from "./store-token-pair";
import { announceTokenChange } from "./token-changes";

/**
 * Stores the pair a consent produced: a new chain. Whatever refresh of the old chain may be
 * running finds its refresh token replaced and drops its own pair (compare and set).
 */
export async function storeConsentTokens(loginId: string, tokens: TokenSet): Promise<void> {
  await getDb()
    .update(oauthLogins)
    .set({ ...tokenPairColumns(loginId, tokens), consentedAt: now() })
    .where(eq(oauthLogins.id, loginId));
  await announceTokenChange(loginId);
}
