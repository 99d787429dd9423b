import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { auditEvents } from "@/db/schema";
import { recordAudit } from "@/lib/audit/audit-events";
import type { Role } from "@/lib/auth/permissions";
import type { Refusal } from "@/lib/auth/refusal-of";

export const REFUSED_ACTION = "user.action_refused";

// A refused user must not be able to flood the log: the same refusal (user, permission, page)
// is written once per window, and at most LIMIT_PER_HOUR refusals per user per hour. Every
// refusal still goes to the server log; the audit log keeps that it happened, and from when.
export const REFUSAL_WINDOW_MINUTES = 10;
export const REFUSALS_PER_HOUR = 20;

export type RefusedAction = {
  /** The permission the action asked for. */
  permission: string;
  reason: Refusal;
  /** The page the request came from (its Referer path), when it said. */
  path: string | null;
};

/**
 * Audits an action the portal refused a signed-in user (`user.action_refused` on that
 * user): who, their role, the permission, why, and from which page. Answers whether the event
 * was written (false: the same refusal is already in the log, or the user's hourly budget
 * is spent).
 */
export async function recordRefusedAction(
  user: { id: string; email: string; name: string; role: Role; environmentId: string | null },
  refused: RefusedAction,
): Promise<boolean> {
  const path = refused.path ?? "";
  return getDb().transaction(async (tx) => {
    // One refusal of this user at a time (across portal processes): two at once must not both find none yet.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`refused-action:${user.id}`}, 0))`);
    const [recent] = await tx
      .select({
        same: sql<number>`count(*) filter (where ${auditEvents.detail}->>'permission' = ${refused.permission}
          and coalesce(${auditEvents.detail}->>'path', '') = ${path}
          and ${auditEvents.at} > now() - make_interval(mins => ${REFUSAL_WINDOW_MINUTES}))::int`,
        lastHour: sql<number>`count(*)::int`,
      })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.actorUserId, user.id),
          eq(auditEvents.action, REFUSED_ACTION),
          sql`${auditEvents.at} > now() - interval '1 hour'`,
        ),
      );
    if (recent.same > 0 || recent.lastHour >= REFUSALS_PER_HOUR) return false;
    await recordAudit(tx, user, {
      action: REFUSED_ACTION,
      entityType: "user",
      entityId: user.id,
      environmentId: user.environmentId,
      detail: {
        name: user.name,
        email: user.email,
        role: user.role,
        permission: refused.permission,
        reason: refused.reason,
        path: refused.path,
      },
    });
    return true;
  });
}
