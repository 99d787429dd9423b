import { asc, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { oauthLogins } from "@/db/schema";
import type { ExactSite } from "@/lib/exact/sites";

export type OAuthLoginDto = {
  id: string;
  description: string;
  site: ExactSite;
  status: "pending" | "active" | "expiring" | "needs_reauth" | "error";
  exactUserName: string | null;
  exactFullName: string | null;
  loginExpiresAt: Date | null;
  lastError: string | null;
};

/** The logins of an environment, without a token in sight. */
export async function listOAuthLogins(environmentId: string): Promise<OAuthLoginDto[]> {
  return getDb()
    .select({
      id: oauthLogins.id,
      description: oauthLogins.description,
      site: oauthLogins.site,
      status: oauthLogins.status,
      exactUserName: oauthLogins.exactUserName,
      exactFullName: oauthLogins.exactFullName,
      loginExpiresAt: oauthLogins.loginExpiresAt,
      lastError: oauthLogins.lastError,
    })
    .from(oauthLogins)
    .where(eq(oauthLogins.environmentId, environmentId))
    .orderBy(asc(oauthLogins.description));
}
