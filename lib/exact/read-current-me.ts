import "server-only";
import { AppError } from "@/lib/errors";
import type { ExactMe } from "@/lib/exact/oauth/exact-provider";
import { type ExactTarget, exactGetAll } from "./api/exact-get-all";

export type CurrentMe = { userId: string; userName: string; fullName: string; currentDivision: number | null };

/**
 * `current/Me` through the one REST client (the login's token, its proxy when given): who the
 * login's Exact user is. Exact's CurrentDivision follows whatever the user last opened in
 * Exact's web app, so it only ever fills a path; it is never a division to write to.
 */
export async function readCurrentMe(target: ExactTarget): Promise<CurrentMe> {
  const [me] = await exactGetAll<Partial<ExactMe>>(target, "current/Me");
  if (!me || typeof me.UserID !== "string") throw new AppError("exact_unavailable");
  return {
    userId: me.UserID,
    userName: String(me.UserName ?? ""),
    fullName: String(me.FullName ?? ""),
    currentDivision: typeof me.CurrentDivision === "number" ? me.CurrentDivision : null,
  };
}

/** current/Me, insisting on a CurrentDivision: the division that fills a division path. */
export async function readCurrentMeWithDivision(target: ExactTarget): Promise<CurrentMe & { currentDivision: number }> {
  const me = await readCurrentMe(target);
  if (me.currentDivision === null) throw new AppError("exact_no_current_division");
  return { ...me, currentDivision: me.currentDivision };
}
