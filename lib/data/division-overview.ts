import "server-only";
import { asc, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { administrations, divisions, environments, oauthLogins } from "@/db/schema";
import { now } from "@/lib/clock";
import type { ExactSite } from "@/lib/exact/sites";
import { effectiveStatus, type OAuthLoginStatus } from "./oauth-logins";

export type DivisionOverviewRow = {
  id: string;
  code: string;
  name: string;
  administration: string | null;
  oauthLogin: string | null;
  site: ExactSite | null;
  exactDivision: string | null;
  tokenStatus: OAuthLoginStatus | null;
  loginExpiresAt: Date | null;
  lastError: string | null;
  lastErrorValues: Record<string, string> | null;
  lastCheckAt: Date | null;
};

/**
 * One row per division of the environment, with what it is linked to and how healthy that
 * link is — the team lead's view. No secrets.
 */
export async function listDivisionOverview(environmentId: string): Promise<DivisionOverviewRow[]> {
  const db = getDb();
  const [[env], rows] = await Promise.all([
    db.select({ days: environments.expiryWarningDays }).from(environments).where(eq(environments.id, environmentId)),
    db
      .select({
        id: divisions.id,
        code: divisions.code,
        name: divisions.name,
        administration: administrations.description,
        oauthLogin: oauthLogins.description,
        site: oauthLogins.site,
        status: oauthLogins.status,
        loginExpiresAt: oauthLogins.loginExpiresAt,
        lastError: oauthLogins.lastError,
        lastErrorValues: oauthLogins.lastErrorValues,
        lastCheckAt: oauthLogins.lastCheckAt,
        exactCode: divisions.exactDivisionCode,
        exactDescription: divisions.exactDivisionDescription,
        exactHid: divisions.exactDivisionHid,
      })
      .from(divisions)
      .leftJoin(administrations, eq(administrations.id, divisions.administrationId))
      .leftJoin(oauthLogins, eq(oauthLogins.id, administrations.oauthLoginId))
      .where(eq(divisions.environmentId, environmentId))
      .orderBy(asc(divisions.code)),
  ]);
  const at = now();
  return rows.map(({ exactCode, exactDescription, exactHid, status, ...r }) => ({
    ...r,
    tokenStatus: status ? effectiveStatus(status, r.loginExpiresAt, env?.days ?? 7, at) : null,
    exactDivision:
      exactCode === null ? null : `${exactHid ?? exactCode} - ${exactDescription ?? ""} (${exactCode})`.trim(),
  }));
}
