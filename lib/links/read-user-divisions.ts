import "server-only";
import { mappedDivisionOf } from "@/lib/data/mapped-divisions";
import { isAppError } from "@/lib/errors";
import { type ExactTarget, exactGetAll } from "@/lib/exact/api/exact-get-all";
import { readCurrentMeWithDivision } from "@/lib/exact/read-current-me";

/**
 * `{division}/system/Divisions` for the login's Exact user: every division the user (and the
 * app's division scope) allows. The path needs some division: current/Me's CurrentDivision,
 * which follows whatever the user last opened in Exact. When that one lies outside a
 * published app's division scope Exact answers 403 "User division is not within division
 * scope"; then a division already mapped for the login fills the path instead, once.
 */
export async function readUserDivisions<T>(
  target: ExactTarget,
  select: string,
): Promise<{ me: Awaited<ReturnType<typeof readCurrentMeWithDivision>>; records: T[] }> {
  const me = await readCurrentMeWithDivision(target);
  const list = (division: number) => exactGetAll<T>(target, `${division}/system/Divisions?$select=${select}`);
  try {
    return { me, records: await list(me.currentDivision) };
  } catch (e) {
    if (!isAppError(e) || e.code !== "division_out_of_scope") throw e;
    const fallback = await mappedDivisionOf(target.loginId, me.currentDivision);
    if (fallback === null) throw e;
    return { me, records: await list(fallback) };
  }
}
