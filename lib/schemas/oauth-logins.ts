import { z } from "zod";
import { SITE_CODES } from "@/lib/exact-sites";
import "./zod-jitless";

// The OAuth login dialog's schema: the form's resolver and the server actions parse with it.
const description = z
  .string({ error: "required" })
  .trim()
  .min(1, { error: "required" })
  .max(100, { error: "too_long_100" });

export const createOAuthLoginSchema = z.object({
  description,
  site: z.enum(SITE_CODES, { error: "invalid_site" }),
});
export type CreateOAuthLoginInput = z.input<typeof createOAuthLoginSchema>;

export const oauthLoginIdSchema = z.object({ loginId: z.uuid({ error: "invalid_id" }) });

export const renameOAuthLoginSchema = oauthLoginIdSchema.extend({ description });
export type RenameOAuthLoginInput = z.input<typeof renameOAuthLoginSchema>;
