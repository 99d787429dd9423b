import { asc, eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { administrations, divisions, oauthLogins } from "@/db/schema";

export type AdministrationDto = {
  id: string;
  type: "exact_online";
  description: string;
  oauthLogin: string | null;
  proxyServer: string | null;
  divisionCount: number;
};

/** Administrations of an environment; the proxy password never leaves this module. */
export async function listAdministrations(environmentId: string): Promise<AdministrationDto[]> {
  return getDb()
    .select({
      id: administrations.id,
      type: administrations.type,
      description: administrations.description,
      oauthLogin: oauthLogins.description,
      proxyServer: administrations.proxyServer,
      divisionCount: sql<number>`(select count(*)::int from ${divisions} where ${divisions.administrationId} = ${administrations.id})`,
    })
    .from(administrations)
    .leftJoin(oauthLogins, eq(oauthLogins.id, administrations.oauthLoginId))
    .where(eq(administrations.environmentId, environmentId))
    .orderBy(asc(administrations.description));
}
