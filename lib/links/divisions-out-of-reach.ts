import "server-only";
import { and, asc, eq, isNotNull } from "drizzle-orm";
import { getDb } from "@/db/client";
import { administrations, divisions } from "@/db/schema";
import { logger } from "@/lib/log/logger";
import { listExactDivisions } from "./list-exact-divisions";

/**
 * After a login is (re-)authorized — possibly as another Exact user — the divisions mapped
 * through it that this user can no longer reach (the product's division codes). Checked per
 * administration through its own proxy; an administration that cannot be checked right now
 * is skipped (and logged), not reported as missing.
 */
export async function divisionsOutOfReach(loginId: string): Promise<string[]> {
  const db = getDb();
  const users = await db
    .select({ id: administrations.id })
    .from(administrations)
    .where(eq(administrations.oauthLoginId, loginId));
  const missing: string[] = [];
  for (const { id } of users) {
    const mapped = await db
      .select({ code: divisions.code, name: divisions.name, exact: divisions.exactDivisionCode })
      .from(divisions)
      .where(and(eq(divisions.administrationId, id), isNotNull(divisions.exactDivisionCode)))
      .orderBy(asc(divisions.code));
    if (mapped.length === 0) continue;
    try {
      const reachable = new Set((await listExactDivisions(id)).map((d) => d.code));
      for (const d of mapped) if (!reachable.has(d.exact as number)) missing.push(d.code);
    } catch (e) {
      logger.warn({ administrationId: id, err: e }, "could not check mapped divisions after authorization");
    }
  }
  return missing;
}
