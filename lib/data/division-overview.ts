import { asc, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { administrations, divisions, oauthLogins } from "@/db/schema";

export type DivisionOverviewRow = {
  id: string;
  code: string;
  name: string;
  administration: string | null;
  oauthLogin: string | null;
  exactDivision: string | null;
};

/** One row per division of the environment, with what it is linked to. No secrets. */
export async function listDivisionOverview(environmentId: string): Promise<DivisionOverviewRow[]> {
  const rows = await getDb()
    .select({
      id: divisions.id,
      code: divisions.code,
      name: divisions.name,
      administration: administrations.description,
      oauthLogin: oauthLogins.description,
      exactCode: divisions.exactDivisionCode,
      exactDescription: divisions.exactDivisionDescription,
    })
    .from(divisions)
    .leftJoin(administrations, eq(administrations.id, divisions.administrationId))
    .leftJoin(oauthLogins, eq(oauthLogins.id, administrations.oauthLoginId))
    .where(eq(divisions.environmentId, environmentId))
    .orderBy(asc(divisions.code));
  return rows.map(({ exactCode, exactDescription, ...r }) => ({
    ...r,
    exactDivision: exactCode === null ? null : `${exactCode}${exactDescription ? ` - ${exactDescription}` : ""}`,
  }));
}
