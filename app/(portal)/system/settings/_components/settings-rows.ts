import type { OAuthLoginStatus } from "@/lib/data/oauth-logins";

// What the settings screens get: no proxy password, no token.

export type AdministrationRow = {
  id: string;
  type: "exact_online";
  description: string;
  oauthLoginId: string | null;
  oauthLogin: string | null;
  oauthLoginStatus: OAuthLoginStatus | null;
  proxyServer: string | null;
  proxyHostPort: string | null;
  proxyUsername: string | null;
  proxyDomain: string | null;
  proxyPasswordSet: boolean;
  divisionCount: number;
  lastTest: { at: string; ok: boolean; message: string | null } | null;
};

export type DivisionRow = {
  id: string;
  code: string;
  name: string;
  administrationId: string | null;
  administration: string | null;
  exactDivisionCode: number | null;
  exactDivisionDescription: string | null;
  exactDivisionHid: string | null;
};

export type LoginOption = { id: string; description: string; status: OAuthLoginStatus };
