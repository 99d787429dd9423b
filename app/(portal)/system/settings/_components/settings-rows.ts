import type { AdministrationDto } from "@/lib/data/administrations";
import type { DivisionDto } from "@/lib/data/divisions";
import type { LoginState } from "@/lib/i18n/describe-login-state";

// What the settings screens get: no proxy password, no token.

/** The administration as the data layer gives it, with its proxy and last test ready for the page. */
export type AdministrationRow = Omit<
  AdministrationDto,
  "lastTestAt" | "lastTestOk" | "lastTestMessage" | "lastTestReason" | "lastTestReasonValues"
> & {
  proxyHostPort: string | null;
  /** `message`: an errors.* key on failure, with its `values`. */
  lastTest: { at: string; ok: boolean; message: string | null; values: Record<string, string> | null } | null;
};

export type DivisionRow = DivisionDto;

export type LoginOption = { id: string; description: string; state: LoginState };
