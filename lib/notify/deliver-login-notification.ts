import "server-only";
import { buildLoginEvent, type LoginEventName } from "@/lib/data/login-event";
import { notificationSettings } from "@/lib/data/notification-settings";
import { type NotificationReceipt, recordNotificationSent } from "@/lib/data/record-notification-sent";
import type { NotificationChannel } from "./notification-error";
import { sendNotification } from "./send-notification";

/**
 * One queue job's work: the login's event through one channel, audited once it went out.
 * Null when the channel is not configured for the login's environment. Throws a
 * NotificationError when it did not go out (`isRetryable` says whether to try again); give
 * every try the same `occurredAt` (the moment the state changed).
 */
export async function deliverLoginNotification(input: {
  loginId: string;
  event: Exclude<LoginEventName, "test">;
  channel: NotificationChannel;
  occurredAt?: Date;
}): Promise<NotificationReceipt | null> {
  const event = await buildLoginEvent(input.loginId, input.event, input.occurredAt);
  const receipt = await sendNotification(event, input.channel, await notificationSettings(event.environment.id));
  if (receipt) await recordNotificationSent(event, receipt);
  return receipt;
}
