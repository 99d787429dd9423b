import { z } from "zod";
import { isoDayInAmsterdam } from "@/lib/i18n/format-date";
import { isCalendarDay } from "./calendar-day";
import "./zod-jitless";

// The API-sleutels form and its server action parse with these; so does `npm run apikey:create`.

export const createApiKeySchema = z.object({
  name: z.string({ error: "required" }).trim().min(1, { error: "required" }).max(100, { error: "too_long_100" }),
  // Empty: the key never expires. A day: from the start of that day (Amsterdam time) the key
  // is refused, so it must be a later day than today.
  expiresOn: z
    .string()
    .refine((day) => day === "" || isCalendarDay(day), { error: "invalid_date", abort: true })
    .refine((day) => day === "" || day > isoDayInAmsterdam(new Date()), { error: "date_not_future" })
    .optional(),
});
export type CreateApiKeyInput = z.input<typeof createApiKeySchema>;

export const apiKeyIdSchema = z.object({ keyId: z.uuid({ error: "invalid_id" }) });
