import "server-only";
import { createHmac } from "node:crypto";
import type { LoginEvent } from "@/lib/data/login-event";
import type { WebhookSettings } from "@/lib/data/notification-settings";
import { outboundFetch } from "@/lib/network/outbound-fetch";
import { ProxyRefusedError } from "@/lib/network/proxy-guard";
import { webhookFetch, webhookRefusalCode } from "@/lib/network/webhook-guard";
import { NotificationError } from "./notification-error";

export const WEBHOOK_TIMEOUT_MS = 10_000;

/** `sha256=<hex>`: the HMAC-SHA256 of the raw body with the secret, as X-Koppeling-Signature carries it. */
export function webhookSignature(secret: string, body: string | Uint8Array): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

// Worth another try later: the receiver is busy or down, or asks to wait.
const TEMPORARY = new Set([408, 425, 429]);

/**
 * POSTs the event as JSON to the webhook, signed with its secret. Returns on a 2xx; throws a
 * NotificationError otherwise: retryable on a 5xx, a time-out or a network error, not
 * retryable on a 4xx or a redirect (the webhook is then set up wrong).
 */
export async function sendWebhookNotification(
  event: LoginEvent,
  webhook: WebhookSettings,
): Promise<{ host: string; status: number }> {
  const host = new URL(webhook.url).host;
  const body = JSON.stringify(event);
  let response: Response;
  try {
    // The operator's NOTIFY_WEBHOOK_URL as configured; an environment's own through the guard.
    const send = webhook.trusted ? outboundFetch : webhookFetch;
    response = await send(webhook.url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "User-Agent": "Koppeling",
        "X-Koppeling-Event": event.event,
        "X-Koppeling-Signature": webhookSignature(webhook.secret, body),
      },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
  } catch (e) {
    const refused = refusalOf(e);
    if (refused) throw new NotificationError("webhook", webhookRefusalCode(refused), false, { host });
    const timedOut = e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError");
    throw new NotificationError("webhook", timedOut ? "webhook_timeout" : "webhook_unreachable", true, { host });
  }
  await response.body?.cancel().catch(() => {});
  const { status } = response;
  if (status >= 200 && status < 300) return { host, status };
  if (status >= 300 && status < 400)
    throw new NotificationError("webhook", "webhook_redirected", false, { host, status });
  throw new NotificationError("webhook", "webhook_status", status >= 500 || TEMPORARY.has(status), { host, status });
}

/** The guard's refusal, however deep fetch wrapped it (a connect-time refusal is the cause of "fetch failed"). */
function refusalOf(e: unknown): ProxyRefusedError["refusal"] | null {
  for (let link: unknown = e, depth = 0; link && depth < 5; link = (link as { cause?: unknown }).cause, depth++) {
    if (link instanceof ProxyRefusedError) return link.refusal;
  }
  return null;
}
