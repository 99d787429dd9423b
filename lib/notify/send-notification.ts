import "server-only";
import type { LoginEvent } from "@/lib/data/login-event";
import type { NotificationSettings } from "@/lib/data/notification-settings";
import type { NotificationReceipt } from "@/lib/data/record-notification-sent";
import { countNotification } from "@/lib/metrics/count-notification";
import type { NotificationChannel } from "./notification-error";
import { sendEmailNotification } from "./send-email-notification";
import { sendWebhookNotification } from "./send-webhook-notification";

/**
 * Sends the event through one channel as the settings configure it; null when that channel
 * is not configured (nothing is sent). Throws a NotificationError when it does not go out.
 */
export async function sendNotification(
  event: LoginEvent,
  channel: NotificationChannel,
  settings: NotificationSettings,
): Promise<NotificationReceipt | null> {
  if (channel === "email") {
    if (!settings.email) return null;
    const { recipients } = await countNotification(channel, sendEmailNotification(event, settings.email));
    return { channel, recipients };
  }
  if (!settings.webhook) return null;
  const { host } = await countNotification(channel, sendWebhookNotification(event, settings.webhook));
  return { channel, host };
}
