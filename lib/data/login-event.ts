import "server-only";
import { asc, eq, inArray } from "drizzle-orm";
import { getDb } from "@/db/client";
import { administrations, divisions, environments, oauthLogins } from "@/db/schema";
import { now } from "@/lib/clock";
import { effectiveStatus } from "@/lib/data/oauth-logins";
import { AppError } from "@/lib/errors";

export type LoginEventName =
  | "oauth_login.expiring"
  | "oauth_login.needs_reauth"
  | "oauth_login.error"
  | "oauth_login.recovered"
  | "test";

/** What a notification says about a login: the webhook's JSON body, and what the e-mail is written from. */
export type LoginEvent = {
  event: LoginEventName;
  /** ISO 8601. */
  occurredAt: string;
  environment: { id: string; name: string };
  login: {
    id: string;
    description: string;
    site: string;
    /** The effective status: an active login within the warning days is `expiring`. */
    status: string;
    /** The last error's code (its words: oauthLogins.lastError.<reason>). */
    reason: string | null;
    /** The values the reason's words name, such as the newer consent's login. */
    reasonValues: Record<string, string> | null;
    expiresAt: string | null;
  };
  administrations: {
    id: string;
    description: string;
    divisions: { code: string; name: string; exactDivision: number | null }[];
  }[];
};

/**
 * The event for a login as it is now: the login, its environment, and the administrations
 * that use it with their divisions. Never a token column, never a proxy password.
 */
export async function buildLoginEvent(loginId: string, event: LoginEventName, occurredAt?: Date): Promise<LoginEvent> {
  const db = getDb();
  const [row] = await db
    .select({
      id: oauthLogins.id,
      description: oauthLogins.description,
      site: oauthLogins.site,
      status: oauthLogins.status,
      lastError: oauthLogins.lastError,
      lastErrorValues: oauthLogins.lastErrorValues,
      loginExpiresAt: oauthLogins.loginExpiresAt,
      environmentId: environments.id,
      environmentName: environments.name,
      warningDays: environments.expiryWarningDays,
    })
    .from(oauthLogins)
    .innerJoin(environments, eq(environments.id, oauthLogins.environmentId))
    .where(eq(oauthLogins.id, loginId));
  if (!row) throw new AppError("oauth_login_not_found");
  const admins = await db
    .select({ id: administrations.id, description: administrations.description })
    .from(administrations)
    .where(eq(administrations.oauthLoginId, loginId))
    .orderBy(asc(administrations.description));
  const owned = admins.length
    ? await db
        .select({
          administrationId: divisions.administrationId,
          code: divisions.code,
          name: divisions.name,
          exactDivision: divisions.exactDivisionCode,
        })
        .from(divisions)
        .where(
          inArray(
            divisions.administrationId,
            admins.map((a) => a.id),
          ),
        )
        .orderBy(asc(divisions.code))
    : [];
  return {
    event,
    occurredAt: (occurredAt ?? now()).toISOString(),
    environment: { id: row.environmentId, name: row.environmentName },
    login: {
      id: row.id,
      description: row.description,
      site: row.site,
      status: effectiveStatus(row.status, row.loginExpiresAt, row.warningDays, now()),
      reason: row.lastError,
      reasonValues: row.lastErrorValues ?? null,
      expiresAt: row.loginExpiresAt?.toISOString() ?? null,
    },
    administrations: admins.map((a) => ({
      ...a,
      divisions: owned
        .filter((d) => d.administrationId === a.id)
        .map(({ code, name, exactDivision }) => ({ code, name, exactDivision })),
    })),
  };
}
