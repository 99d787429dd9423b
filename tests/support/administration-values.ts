import { type AdministrationValues, administrationSchema } from "@/lib/schemas/administrations";

/** The Bron administratie form as the dialog sends it empty: no login, no proxy. */
export const EMPTY_ADMINISTRATION_FORM = {
  type: "exact_online",
  description: "ONLINE",
  oauthLoginId: "",
  proxyServer: "",
  proxyUsername: "",
  proxyPasswordAction: "keep",
  proxyPassword: "",
  proxyDomain: "",
} as const;

/** An administration's values as the schema makes them of the form, with `over` changed. */
export function administrationValues(over: Record<string, unknown> = {}): AdministrationValues {
  return administrationSchema.parse({ ...EMPTY_ADMINISTRATION_FORM, ...over });
}
