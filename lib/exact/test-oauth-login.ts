import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { oauthLogins } from "@/db/schema";
import { now } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/log/logger";
import { exactConfig } from "./exact-config";
import { ExactHttpError, readCurrentMe } from "./oauth-round-trip";
import { getAccessToken } from "./token-store";

/** "Testen": reads current/Me with the login's token and says who Exact says it is. */
export async function testOAuthLogin(loginId: string): Promise<{ userName: string; fullName: string }> {
  const [login] = await getDb().select({ site: oauthLogins.site }).from(oauthLogins).where(eq(oauthLogins.id, loginId));
  if (!login) throw new AppError("oauth_login_not_found");
  const client = exactConfig().client(login.site);
  if (!client) throw new AppError("site_not_configured");
  const accessToken = await getAccessToken(loginId);
  let me: Awaited<ReturnType<typeof readCurrentMe>>;
  try {
    me = await readCurrentMe(client, accessToken);
  } catch (e) {
    logger.warn({ loginId, err: e instanceof ExactHttpError ? `${e.status} ${e.detail}` : String(e) }, "test failed");
    const code = e instanceof ExactHttpError && e.status === 401 ? "exact_rejected_token" : "exact_unreachable";
    await getDb().update(oauthLogins).set({ lastCheckAt: now(), lastError: code }).where(eq(oauthLogins.id, loginId));
    throw new AppError(code);
  }
  await getDb()
    .update(oauthLogins)
    .set({ lastCheckAt: now(), lastError: null, exactUserName: me.userName, exactFullName: me.fullName })
    .where(eq(oauthLogins.id, loginId));
  return { userName: me.userName, fullName: me.fullName };
}
