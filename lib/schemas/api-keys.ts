import { z } from "zod";
import { isoDayInAmsterdam } from "@/lib/i18n/format-date";
import { isoDayOf } from "./calendar-day";
import "./zod-jitless";

// The API-sleutels form and its server action parse with these; so does `npm run apikey:create`.

export const createApiKeySchema = z.object({
  name: z.string({ error: "required" }).trim().min(1, { error: "required" }).max(100, { error: "too_long_100" }),
  // Empty: the key never expires. A day — typed as the portal writes dates (31-1-2027), or as
  // yyyy-mm-dd (the CLI), out as yyyy-mm-dd: from the start of that day (Amsterdam time) the
  // key is refused, so it must be a later day than today.
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
});
export type CreateApiKeyInput = z.input<typeof createApiKeySchema>;

export const apiKeyIdSchema = z.object({ keyId: z.uuid({ error: "invalid_id" }) });
