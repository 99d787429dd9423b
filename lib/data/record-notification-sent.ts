import "server-only";
import { type DbOrTx, getDb } from "@/db/client";
import { SYSTEM_ACTOR } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/audit-events";
import type { LoginEvent } from "./login-event";

/** What went out: to how many addresses, or to which webhook host (never its path, query or secret). */
export type NotificationReceipt = { channel: "email"; recipients: number } | { channel: "webhook"; host: string };

/** Audits a notification that went out (`notification.sent` on the login), by the system. */
export async function recordNotificationSent(
  event: LoginEvent,
  receipt: NotificationReceipt,
  tx: DbOrTx = getDb(),
): Promise<void> {
  await recordAudit(tx, SYSTEM_ACTOR, {
    action: "notification.sent",
    entityType: "oauth_login",
    entityId: event.login.id,
    environmentId: event.environment.id,
    detail: {
      event: event.event,
      description: event.login.description,
      status: event.login.status,
      ...receipt,
    },
  });
}
