import "server-only";
import { and, asc, eq, ne } from "drizzle-orm";
import { getDb } from "@/db/client";
import { environments, oauthLogins } from "@/db/schema";
import type { ExactSite } from "@/lib/exact-sites";

/**
 * The other logins of the portal, in any environment, that hold a consent of this Exact user
 * on this site. Exact keeps one refresh-token chain per user and app, so they cannot all live.
 */
export async function loginsOfExactUser(
  site: ExactSite,
  exactUserId: string,
  exceptLoginId: string,
): Promise<{ description: string; environment: string }[]> {
  return getDb()
    .select({ description: oauthLogins.description, environment: environments.name })
    .from(oauthLogins)
    .innerJoin(environments, eq(environments.id, oauthLogins.environmentId))
    .where(and(eq(oauthLogins.site, site), eq(oauthLogins.exactUserId, exactUserId), ne(oauthLogins.id, exceptLoginId)))
    .orderBy(asc(environments.name), asc(oauthLogins.description));
}
