import "server-only";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { administrations } from "@/db/schema";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The administration's description when it is one of the environment's, else null (also for an id that is no id). */
export async function administrationDescription(environmentId: string, id: string): Promise<string | null> {
  if (!UUID.test(id)) return null;
  const [row] = await getDb()
    .select({ description: administrations.description })
    .from(administrations)
    .where(and(eq(administrations.id, id), eq(administrations.environmentId, environmentId)));
  return row?.description ?? null;
}
