import type { DivisionDto } from "@/lib/data/divisions";
import type { LoginState } from "@/lib/i18n/describe-login-state";

// What the settings screens get: no proxy password, no token.

export type AdministrationRow = {
  id: string;
  type: "exact_online";
  description: string;
  oauthLoginId: string | null;
  oauthLogin: string | null;
  oauthLoginState: LoginState | null;
  proxyServer: string | null;
  proxyHostPort: string | null;
  proxyUsername: string | null;
  proxyDomain: string | null;
  proxyPasswordSet: boolean;
  divisionCount: number;
  lastTest: { at: string; ok: boolean; message: string | null } | null;
};

export type DivisionRow = DivisionDto;

export type LoginOption = { id: string; description: string; state: LoginState };
