import "server-only";
import { mappedDivisionsByAdministration } from "@/lib/data/mapped-divisions";
import { logger } from "@/lib/log/logger";
import { listExactDivisions } from "./list-exact-divisions";

/**
 * After a login is (re-)authorized — possibly as another Exact user — the divisions mapped
 * through it that this user can no longer reach (the product's division codes). Checked per
 * administration through its own proxy; an administration that cannot be checked right now
 * is skipped (and logged), not reported as missing.
 */
export async function divisionsOutOfReach(loginId: string): Promise<string[]> {
  const missing: string[] = [];
  for (const { administrationId, divisions } of await mappedDivisionsByAdministration(loginId)) {
    if (divisions.length === 0) continue;
    try {
      const reachable = new Set((await listExactDivisions(administrationId)).map((d) => d.code));
      for (const d of divisions) if (!reachable.has(d.exact)) missing.push(d.code);
    } catch (e) {
      logger.warn({ administrationId, err: e }, "could not check mapped divisions after authorization");
    }
  }
  return missing;
}
