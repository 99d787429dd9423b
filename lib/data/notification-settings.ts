import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { environments } from "@/db/schema";
import { webhookSecretColumn } from "@/lib/crypto/secret-columns";
import { AppError } from "@/lib/errors";
import { emailAddresses, emailRecipientsSchema, isWebhookUrl } from "@/lib/schemas/notification-settings";

export type EmailSettings = { to: string[]; from: string; transportUrl: string };
/** `trusted`: the operator's own NOTIFY_WEBHOOK_URL, sent as configured; an environment's own URL is guarded. */
export type WebhookSettings = { url: string; secret: string; trusted: boolean };
/** Where an environment's notifications go; a channel is null when it cannot be sent. */
export type NotificationSettings = { email: EmailSettings | null; webhook: WebhookSettings | null };

/** What tab Algemeen may show about the notifications: never a secret, never the server's URLs. */
export type NotificationOverview = {
  /** The environment's own fields; empty means the server's default. */
  emailTo: string;
  webhookUrl: string;
  webhookSecretSet: boolean;
  /** The recipients that apply, and whether they are the server's default (NOTIFY_EMAIL_TO). */
  recipients: number;
  recipientsFromServer: boolean;
  smtpConfigured: boolean;
  /** The host of the webhook that applies, and whether it is the server's default (NOTIFY_WEBHOOK_URL). */
  webhookHost: string | null;
  webhookFromServer: boolean;
  /** Whether the webhook that applies has its secret: the environment's for its own URL, NOTIFY_WEBHOOK_SECRET for the server's. */
  webhookSigned: boolean;
};

export const DEFAULT_EMAIL_FROM = "Koppeling <koppeling@localhost>";

/** The server's defaults; an unusable value (not addresses, not an http(s) URL) counts as unset. */
function serverDefaults() {
  const to = emailRecipientsSchema.safeParse(process.env.NOTIFY_EMAIL_TO ?? "");
  const url = process.env.NOTIFY_WEBHOOK_URL?.trim() ?? "";
  return {
    to: to.success ? emailAddresses(to.data) : [],
    webhookUrl: isWebhookUrl(url) ? url : "",
    webhookSecret: process.env.NOTIFY_WEBHOOK_SECRET ?? "",
    transportUrl: process.env.SMTP_URL?.trim() ?? "",
    from: process.env.NOTIFY_EMAIL_FROM?.trim() || DEFAULT_EMAIL_FROM,
  };
}

async function environmentRow(environmentId: string) {
  const [row] = await getDb()
    .select({
      notifyEmailTo: environments.notifyEmailTo,
      notifyWebhookUrl: environments.notifyWebhookUrl,
      notifyWebhookSecretEnc: environments.notifyWebhookSecretEnc,
    })
    .from(environments)
    .where(eq(environments.id, environmentId));
  if (!row) throw new AppError("environment_not_found");
  return row;
}

/** Each field of the environment, or the server's default where the field is empty. */
function resolve(row: Awaited<ReturnType<typeof environmentRow>>) {
  const server = serverDefaults();
  const own = emailAddresses(row.notifyEmailTo ?? "");
  return {
    server,
    to: own.length ? own : server.to,
    webhookUrl: row.notifyWebhookUrl || server.webhookUrl,
    // Each URL with its own secret: the environment's with the environment's, the server's
    // with NOTIFY_WEBHOOK_SECRET. Never the server's secret on an address an admin typed.
    hasSecret: row.notifyWebhookUrl ? Boolean(row.notifyWebhookSecretEnc) : Boolean(server.webhookSecret),
  };
}

/**
 * Where the environment's notifications go, with the webhook secret opened: for the senders
 * only (server-side; never hand this to a page, a log line or an audit event).
 */
export async function notificationSettings(environmentId: string): Promise<NotificationSettings> {
  const row = await environmentRow(environmentId);
  const { server, to, webhookUrl, hasSecret } = resolve(row);
  const secret = !row.notifyWebhookUrl
    ? server.webhookSecret
    : row.notifyWebhookSecretEnc
      ? webhookSecretColumn.open(environmentId, row.notifyWebhookSecretEnc)
      : "";
  return {
    email: to.length && server.transportUrl ? { to, from: server.from, transportUrl: server.transportUrl } : null,
    webhook: webhookUrl && hasSecret ? { url: webhookUrl, secret, trusted: !row.notifyWebhookUrl } : null,
  };
}

/** What is configured, in the terms tab Algemeen shows it. */
export async function notificationOverview(environmentId: string): Promise<NotificationOverview> {
  const row = await environmentRow(environmentId);
  const { server, to, webhookUrl, hasSecret } = resolve(row);
  return {
    emailTo: row.notifyEmailTo ?? "",
    webhookUrl: row.notifyWebhookUrl ?? "",
    webhookSecretSet: row.notifyWebhookSecretEnc !== null,
    recipients: to.length,
    recipientsFromServer: !row.notifyEmailTo && to.length > 0,
    smtpConfigured: Boolean(server.transportUrl),
    webhookHost: webhookUrl ? new URL(webhookUrl).host : null,
    webhookFromServer: !row.notifyWebhookUrl && Boolean(webhookUrl),
    webhookSigned: hasSecret,
  };
}
