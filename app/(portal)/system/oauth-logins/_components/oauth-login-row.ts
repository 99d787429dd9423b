import type { OAuthLoginStatus } from "@/lib/data/oauth-logins";
import type { ExactSite } from "@/lib/exact-sites";

/** What the grid gets of a login: no token, no secret. */
export type OAuthLoginRow = {
  id: string;
  description: string;
  site: ExactSite;
  siteUrl: string;
  status: OAuthLoginStatus;
  exactUser: string | null;
  loginExpiresAt: string | null;
  lastError: string | null;
  lastErrorValues: Record<string, string> | null;
};
