import "server-only";
import { and, eq, ne, sql } from "drizzle-orm";
import { fromDrizzle, type PgBoss } from "pg-boss";
import { getDb } from "@/db/client";
import { environments, oauthLogins } from "@/db/schema";
import { now } from "@/lib/clock";
import type { LoginEventName } from "@/lib/data/login-event";
import { effectiveStatus, type OAuthLoginStatus } from "@/lib/data/oauth-logins";
import { QUEUES } from "./job-queue";

// Notifications are sent once per change of a login's state: the state last announced is
// kept on the login (notified_status), and moving it on and queueing the notifications
// happen in one transaction, so two scans at once (two portal processes) announce a change
// once, and a crash between the two announces it on the next scan, never twice.

const NEEDS_A_PERSON = new Set<OAuthLoginStatus>(["expiring", "needs_reauth", "error"]);

/** The event a move from `before` (last announced) to `now` calls for, if any. */
export function eventForChange(before: string | null, current: OAuthLoginStatus): NotificationJob["event"] | null {
  if (current === before || current === "pending") return null;
  if (NEEDS_A_PERSON.has(current)) return `oauth_login.${current}` as NotificationJob["event"];
  // Back to healthy after a warning or a failure; a login first seen healthy is no news.
  return before !== null && NEEDS_A_PERSON.has(before as OAuthLoginStatus) ? "oauth_login.recovered" : null;
}

export type NotificationJob = { loginId: string; event: Exclude<LoginEventName, "test">; occurredAt: string };

/** Finds every login whose state changed since it was last announced and queues the news. */
export async function notifyStateChanges(boss: PgBoss): Promise<number> {
  const at = now();
  const rows = await getDb()
    .select({
      id: oauthLogins.id,
      status: oauthLogins.status,
      loginExpiresAt: oauthLogins.loginExpiresAt,
      notifiedStatus: oauthLogins.notifiedStatus,
      warningDays: environments.expiryWarningDays,
    })
    .from(oauthLogins)
    .innerJoin(environments, eq(environments.id, oauthLogins.environmentId))
    .where(ne(oauthLogins.status, "pending"));
  let queued = 0;
  for (const row of rows) {
    const current = effectiveStatus(row.status, row.loginExpiresAt, row.warningDays, at);
    if (current === row.notifiedStatus) continue;
    const event = eventForChange(row.notifiedStatus, current);
    await getDb().transaction(async (tx) => {
      const [moved] = await tx
        .update(oauthLogins)
        .set({ notifiedStatus: current, notifiedAt: at })
        .where(
          and(
            eq(oauthLogins.id, row.id),
            row.notifiedStatus === null
              ? sql`${oauthLogins.notifiedStatus} is null`
              : eq(oauthLogins.notifiedStatus, row.notifiedStatus),
          ),
        )
        .returning({ id: oauthLogins.id });
      if (!moved || !event) return;
      const job: NotificationJob = { loginId: row.id, event, occurredAt: at.toISOString() };
      const db = fromDrizzle(tx, sql);
      await boss.send(QUEUES.notifyEmail, job, { db });
      await boss.send(QUEUES.notifyWebhook, job, { db });
      queued++;
    });
  }
  return queued;
}
