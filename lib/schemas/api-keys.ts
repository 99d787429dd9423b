import { z } from "zod";
import { isoDayInAmsterdam } from "@/lib/i18n/format-date";
import { isoDayOf } from "./calendar-day";
import "./zod-jitless";

// The API-sleutels form and its server action parse with these; so does `npm run apikey:create`.

/** What a key may do through the Exact pass-through: `read` GET only, `read-write` also POST, PUT and DELETE. */
export const API_KEY_SCOPES = ["read", "read-write"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/**
 * A new key's expiry unless chosen otherwise: the same day a year from today (Amsterdam), as
 * yyyy-mm-dd. A key that lives for ever is a choice someone makes, not what happens by default.
 */
export function defaultKeyExpiryDay(now = new Date()): string {
  const [y, m, d] = isoDayInAmsterdam(now).split("-").map(Number);
  // 29 February becomes 1 March a year on: still a year, and a real day.
  return new Date(Date.UTC(y + 1, m - 1, d)).toISOString().slice(0, 10);
}

export const createApiKeySchema = z
  .object({
    name: z.string({ error: "required" }).trim().min(1, { error: "required" }).max(100, { error: "too_long_100" }),
    scope: z.enum(API_KEY_SCOPES, { error: "invalid_scope" }).default("read"),
    // A day — typed as the portal writes dates (31-1-2027), or as yyyy-mm-dd (the CLI), out as
    // yyyy-mm-dd: from the start of that day (Amsterdam time) the key is refused, so it must be
    // a later day than today. Needed unless the key never expires (then it is not looked at:
    // the form's field is disabled and sends nothing).
    expiresOn: z
      .string()
      .transform((typed, ctx) => {
        if (typed.trim() === "") return "";
        const day = isoDayOf(typed);
        const error = !day ? "invalid_date" : day <= isoDayInAmsterdam(new Date()) ? "date_not_future" : null;
        if (error) ctx.addIssue({ code: "custom", message: error });
        return day ?? "";
      })
      .optional(),
    neverExpires: z.boolean().default(false),
  })
  .superRefine((v, ctx) => {
    if (!v.neverExpires && !v.expiresOn) ctx.addIssue({ code: "custom", path: ["expiresOn"], message: "required" });
  });
export type CreateApiKeyInput = z.input<typeof createApiKeySchema>;

export const apiKeyIdSchema = z.object({ keyId: z.uuid({ error: "invalid_id" }) });
