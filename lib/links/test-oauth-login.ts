import "server-only";
import type { Actor } from "@/lib/audit/actor";
import { auditLoginTest, recordExactUser, recordLoginCheckFailed } from "@/lib/data/oauth-logins";
import { isAppError } from "@/lib/errors";
import { readCurrentMe } from "@/lib/exact/read-current-me";

/**
 * "Testen": reads current/Me with the login's token and says who Exact says it is; a change of
 * Exact user is audited (recordExactUser).
 */
export async function testOAuthLogin(actor: Actor, loginId: string): Promise<{ userName: string; fullName: string }> {
  try {
    const me = await readCurrentMe({ loginId, interactive: true, purpose: "test" });
    await recordExactUser(actor, loginId, me, { lastError: null });
    await auditLoginTest(actor, loginId, { succeeded: true, exactUserName: me.userName });
    return { userName: me.userName, fullName: me.fullName };
  } catch (e) {
    // The token store keeps its own reason when the refresh failed; a missing login has none.
    if (!isAppError(e) || e.code === "oauth_login_not_found") throw e;
    if (!["needs_reauth", "not_authorized"].includes(e.code)) await recordLoginCheckFailed(loginId, e.code);
    await auditLoginTest(actor, loginId, { succeeded: false, reason: e.code });
    throw e;
  }
}
