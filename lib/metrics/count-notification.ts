import { portalMetrics } from "./portal-metrics";

/** Counts a notification as it goes out (sent) or fails to (failed); passes `sending` on. */
export async function countNotification<T>(channel: "email" | "webhook", sending: Promise<T>): Promise<T> {
  try {
    const sent = await sending;
    portalMetrics().notifications.inc({ channel, result: "sent" });
    return sent;
  } catch (e) {
    portalMetrics().notifications.inc({ channel, result: "failed" });
    throw e;
  }
}
