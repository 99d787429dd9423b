import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { oauthLogins } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { now } from "@/lib/clock";
import { recordExactUser } from "@/lib/data/oauth-logins";
import { isAppError } from "@/lib/errors";
import { readCurrentMe } from "@/lib/exact/read-current-me";

/**
 * "Testen": reads current/Me with the login's token and says who Exact says it is; a change of
 * Exact user is audited (recordExactUser).
 */
export async function testOAuthLogin(actor: Actor, loginId: string): Promise<{ userName: string; fullName: string }> {
  const record = (set: Partial<typeof oauthLogins.$inferInsert>) =>
    getDb()
      .update(oauthLogins)
      .set({ lastCheckAt: now(), ...set })
      .where(eq(oauthLogins.id, loginId));
  try {
    const me = await readCurrentMe({ loginId, interactive: true });
    await recordExactUser(actor, loginId, me, { lastError: null });
    return { userName: me.userName, fullName: me.fullName };
  } catch (e) {
    // The token store keeps its own reason when the refresh failed; a missing login has none.
    if (!isAppError(e) || e.code === "oauth_login_not_found") throw e;
    if (!["needs_reauth", "not_authorized"].includes(e.code)) await record({ lastError: e.code });
    throw e;
  }
}
