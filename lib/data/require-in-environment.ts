import "server-only";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { administrations, oauthLogins } from "@/db/schema";
import { AppError } from "@/lib/errors";

// The records an action may name by id, and the refusal (the same code the data functions
// use) when the id is not one of the environment's.
const RECORDS = {
  administration: { table: administrations, notFound: "administration_not_found" },
  oauth_login: { table: oauthLogins, notFound: "oauth_login_not_found" },
} as const;

/**
 * Refuses unless the record belongs to the environment, before anything is done with it
 * (such as calling Exact). One lookup by (environment_id, id), not a listing of the
 * environment's records.
 */
export async function requireInEnvironment(
  kind: keyof typeof RECORDS,
  environmentId: string,
  id: string,
): Promise<void> {
  const { table, notFound } = RECORDS[kind];
  const [row] = await getDb()
    .select({ id: table.id })
    .from(table)
    .where(and(eq(table.environmentId, environmentId), eq(table.id, id)));
  if (!row) throw new AppError(notFound);
}
