import type { AdministrationDto } from "@/lib/data/administrations";
import type { DivisionDto } from "@/lib/data/divisions";
import type { LoginState } from "@/lib/i18n/describe-login-state";

// What the settings screens get: no proxy password, no token.

/** The administration as the data layer gives it, with its proxy and last test ready for the page. */
export type AdministrationRow = Omit<AdministrationDto, "lastTestAt" | "lastTestOk" | "lastTestMessage"> & {
  proxyHostPort: string | null;
  lastTest: { at: string; ok: boolean; message: string | null } | null;
};

export type DivisionRow = DivisionDto;

export type LoginOption = { id: string; description: string; state: LoginState };
