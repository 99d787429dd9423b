import { z } from "zod";
import "./zod-jitless";

// The notification fields of tab Algemeen, shared by the form, the server action and the
// server's own defaults (NOTIFY_EMAIL_TO, NOTIFY_WEBHOOK_URL), so one rule decides them all.

/** The addresses of a recipients field: separated by commas, semicolons or white space. */
export function emailAddresses(value: string): string[] {
  return value
    .split(/[\s,;]+/)
    .map((a) => a.trim())
    .filter(Boolean);
}

const address = z.email();

/** Comma-separated e-mail addresses (empty: the server's default), written back as `a, b`. */
export const emailRecipientsSchema = z
  .string()
  .trim()
  .max(2000, { error: "too_long" })
  .refine((v) => emailAddresses(v).every((a) => a.length <= 254 && address.safeParse(a).success), {
    error: "invalid_email_list",
  })
  .transform((v) => emailAddresses(v).join(", "));

/** An http or https URL with a host and no user name or password in it. */
export function isWebhookUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (
    (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "" && !url.username && !url.password
  );
}

/** A webhook URL typed by an admin (empty: the server's default). */
export const webhookUrlSchema = z
  .string()
  .trim()
  .max(2000, { error: "too_long" })
  .refine((v) => v === "" || isWebhookUrl(v), { error: "invalid_webhook_url" });

export const SECRET_ACTIONS = ["keep", "clear"] as const;

export const WEBHOOK_SECRET_MIN = 16;

/** The fields of tab Algemeen that say where notifications go. */
export const notificationFields = {
  notifyEmailTo: emailRecipientsSchema,
  notifyWebhookUrl: webhookUrlSchema,
  // Write-only, as the proxy password: a typed secret replaces the stored one; otherwise
  // "keep" leaves it alone and "clear" removes it.
  notifyWebhookSecretAction: z.enum(SECRET_ACTIONS),
  notifyWebhookSecret: z
    .string()
    .max(500, { error: "too_long" })
    .refine((v) => v === "" || v.length >= WEBHOOK_SECRET_MIN, { error: "webhook_secret_too_short" })
    .optional()
    .transform((v) => v ?? ""),
};

/** A webhook secret belongs to the environment's own webhook URL. */
export function refineNotificationSettings(
  v: { notifyWebhookUrl: string; notifyWebhookSecret: string },
  ctx: z.RefinementCtx,
): void {
  if (v.notifyWebhookSecret && !v.notifyWebhookUrl) {
    ctx.addIssue({ code: "custom", path: ["notifyWebhookSecret"], message: "needs_webhook_url" });
  }
}

export const notificationSettingsSchema = z.object(notificationFields).superRefine(refineNotificationSettings);

/** Stuur testmelding takes nothing: it tests the saved settings of the current environment. */
export const sendTestNotificationSchema = z.object({});
