import { z } from "zod";
import { ENVIRONMENT_COLOURS } from "@/lib/environments/environment-colours";
import { namesMetadataHost } from "@/lib/network/refused-address";
import { notificationFields, refineNotificationSettings } from "./notification-settings";
import "./zod-jitless";

// The "Bron administratie" dialog's schema, shared by the form and the server actions.

const PROXY_SERVER =
  /^(?:(https?):\/\/)?(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*):(\d{1,5})$/;

/** host:port, optionally http:// or https://; no path, no credentials in the URL. */
export function isProxyServer(value: string): boolean {
  const m = PROXY_SERVER.exec(value);
  if (!m) return false;
  const port = Number(m[3]);
  return port >= 1 && port <= 65535;
}

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: "too_long" })
    .optional()
    .transform((v) => v || "");

export const PROXY_PASSWORD_ACTIONS = ["keep", "clear"] as const;

export const administrationSchema = z
  .object({
    type: z.enum(["exact_online"], { error: "invalid_type" }),
    description: z
      .string({ error: "required" })
      .trim()
      .min(1, { error: "required" })
      .max(100, { error: "too_long_100" }),
    oauthLoginId: z.union([z.literal(""), z.uuid({ error: "invalid_id" })]),
    proxyServer: z
      .string()
      .trim()
      .max(300, { error: "too_long" })
      .superRefine((v, ctx) => {
        if (v === "" || isProxyServer(v)) return;
        // A metadata address is refused whatever its form: say that, not "gebruik host:poort",
        // which would only lead to typing it again with a port.
        const message = namesMetadataHost(v) ? "proxy_refused_metadata" : "invalid_proxy_server";
        ctx.addIssue({ code: "custom", message });
      }),
    proxyUsername: optionalText(200),
    // Write-only: a typed password replaces the stored one; otherwise "keep" leaves it alone
    // and "clear" removes it.
    proxyPasswordAction: z.enum(PROXY_PASSWORD_ACTIONS),
    proxyPassword: z
      .string()
      .max(500, { error: "too_long" })
      .optional()
      .transform((v) => v ?? ""),
    proxyDomain: optionalText(100),
  })
  .superRefine((v, ctx) => {
    if (v.proxyServer === "") {
      for (const field of ["proxyUsername", "proxyPassword", "proxyDomain"] as const) {
        if (v[field]) ctx.addIssue({ code: "custom", path: [field], message: "needs_proxy_server" });
      }
    }
    if (v.proxyPassword && !v.proxyUsername) {
      ctx.addIssue({ code: "custom", path: ["proxyUsername"], message: "required" });
    }
  });
export type AdministrationInput = z.input<typeof administrationSchema>;
export type AdministrationValues = z.output<typeof administrationSchema>;

export const administrationIdSchema = z.object({ administrationId: z.uuid({ error: "invalid_id" }) });

export const updateAdministrationSchema = z.object({
  administrationId: z.uuid({ error: "invalid_id" }),
  values: administrationSchema,
});

export const divisionSchema = z.object({
  code: z
    .string({ error: "required" })
    .trim()
    .min(1, { error: "required" })
    .max(20, { error: "too_long" })
    .regex(/^[A-Za-z0-9._-]*$/, { error: "invalid_division_code" }),
  name: z.string({ error: "required" }).trim().min(1, { error: "required" }).max(100, { error: "too_long_100" }),
  administrationId: z.union([z.literal(""), z.uuid({ error: "invalid_id" })]),
  // Always an explicit Exact division code (never Exact's CurrentDivision as a default).
  exactDivisionCode: z.union([
    z.literal(""),
    z
      .string()
      .trim()
      .regex(/^\d{1,9}$/, { error: "invalid_exact_division" }),
  ]),
});
export type DivisionInput = z.input<typeof divisionSchema>;

export const updateDivisionSchema = z.object({ divisionId: z.uuid({ error: "invalid_id" }), values: divisionSchema });
export const divisionIdSchema = z.object({ divisionId: z.uuid({ error: "invalid_id" }) });

/** Tab Algemeen: the expiry warning and where notifications go. */
export const environmentSettingsSchema = z
  .object({
    expiryWarningDays: z.coerce
      .number({ error: "invalid_number" })
      .int({ error: "invalid_number" })
      .min(1, { error: "warning_days_range" })
      .max(29, { error: "warning_days_range" }),
    // Left out: unchanged (the form always sends it).
    colour: z.enum(ENVIRONMENT_COLOURS, { error: "invalid_colour" }).optional(),
    ...notificationFields,
  })
  .superRefine(refineNotificationSettings);
export type EnvironmentSettingsInput = z.input<typeof environmentSettingsSchema>;
export type EnvironmentSettingsValues = z.output<typeof environmentSettingsSchema>;
