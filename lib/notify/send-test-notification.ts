import "server-only";
import type { Actor } from "@/lib/audit/actor";
import { recordAuditNow } from "@/lib/audit/audit-events";
import { now } from "@/lib/clock";
import type { LoginEvent } from "@/lib/data/login-event";
import { notificationSettings } from "@/lib/data/notification-settings";
import { reserveTestSend } from "@/lib/data/notification-test-sends";
import type { NotificationReceipt } from "@/lib/data/record-notification-sent";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/log/logger";
import { isNotificationError, type NotificationChannel } from "./notification-error";
import { sendNotification } from "./send-notification";

/** How one channel's test went: what went out, or why not (a code under settings.notify.failure). */
export type TestOutcome =
  | (NotificationReceipt & { ok: true })
  | { channel: NotificationChannel; ok: false; code: string; values: Record<string, string | number> };

/** The `test` event: no real login is named, so nobody mistakes it for a change of state. */
function testEvent(environment: { id: string; name: string }): LoginEvent {
  return {
    event: "test",
    occurredAt: now().toISOString(),
    environment: { id: environment.id, name: environment.name },
    login: {
      id: "00000000-0000-0000-0000-000000000000",
      description: "Koppeling",
      site: "NL",
      status: "active",
      reason: null,
      reasonValues: null,
      expiresAt: null,
    },
    administrations: [],
  };
}

/**
 * "Stuur testmelding": one `test` event through each configured channel, now, and what
 * became of each; audited as `notification.test_sent`. Refused when nothing is configured, and
 * after 5 in an hour for the environment (reserveTestSend).
 */
export async function sendTestNotification(
  actor: Actor,
  environment: { id: string; name: string },
): Promise<TestOutcome[]> {
  const settings = await notificationSettings(environment.id);
  const channels = (["email", "webhook"] as const).filter((c) => settings[c]);
  if (channels.length === 0) throw new AppError("notifications_not_configured");
  await reserveTestSend(environment.id);
  const event = testEvent(environment);
  const outcomes: TestOutcome[] = [];
  for (const channel of channels) {
    try {
      const receipt = await sendNotification(event, channel, settings);
      if (receipt) outcomes.push({ ...receipt, ok: true });
    } catch (e) {
      logger.warn({ err: e, channel, environmentId: environment.id }, "test notification failed");
      outcomes.push(
        isNotificationError(e)
          ? { channel, ok: false, code: e.code, values: e.values }
          : { channel, ok: false, code: "failed", values: {} },
      );
    }
  }
  await recordAuditNow(actor, {
    action: "notification.test_sent",
    entityType: "environment",
    entityId: environment.id,
    environmentId: environment.id,
    detail: { name: environment.name, outcomes },
  });
  return outcomes;
}
