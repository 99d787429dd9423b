import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { administrations, divisions, oauthLogins } from "@/db/schema";
import { proxyColumns } from "./administration-proxy";
import { changeCache } from "./change-cache";

// What the API's pass-through (lib/public-api/exact-pass-through.ts) reads of a link in one query.

/** The administration (in the caller's environment), its login and proxy, and whether `division` is its own. */
export function readPassThroughLink(environmentId: string, id: string, division: number | null) {
  return links.get(`${environmentId}|${id}|${division ?? ""}`);
}

// Read on every call: kept in memory until one of the tables it is read from changes
// (change-cache.ts). The login's token columns are in oauth_logins: a refresh empties it too.
const links = changeCache(["administrations", "oauth_logins", "divisions"], (key: string) => {
  const [environmentId, id, division] = key.split("|");
  return readPassThroughLinkNow(environmentId, id, division === "" ? null : Number(division));
});

/** readPassThroughLink from the database, not from memory: after a call that may have changed the login. */
export async function readPassThroughLinkNow(environmentId: string, id: string, division: number | null) {
  const [row] = await getDb()
    .select({
      id: administrations.id,
      description: administrations.description,
      ...proxyColumns,
      loginId: oauthLogins.id,
      loginDescription: oauthLogins.description,
      site: oauthLogins.site,
      exactUserId: oauthLogins.exactUserId,
      status: oauthLogins.status,
      lastError: oauthLogins.lastError,
      lastErrorValues: oauthLogins.lastErrorValues,
      loginExpiresAt: oauthLogins.loginExpiresAt,
      authorized: sql<boolean>`${oauthLogins.refreshTokenEnc} is not null`,
      divisionMapped:
        division === null
          ? sql<boolean>`true`
          : sql<boolean>`exists (select 1 from ${divisions} where ${divisions.administrationId} = ${administrations.id} and ${divisions.exactDivisionCode} = ${division})`,
    })
    .from(administrations)
    .leftJoin(oauthLogins, eq(oauthLogins.id, administrations.oauthLoginId))
    .where(and(eq(administrations.id, id), eq(administrations.environmentId, environmentId)));
  return row;
}

export type PassThroughLink = NonNullable<Awaited<ReturnType<typeof readPassThroughLinkNow>>>;
