import "server-only";
import { EXACT_SITES, type ExactSite, SITE_CODES } from "@/lib/exact-sites";

export type SiteClient = { site: ExactSite; baseUrl: string; clientId: string; clientSecret: string };

export type ExactConfig = {
  redirectUri: string;
  /** True when the portal talks to the built-in simulator (set by `npm start`). */
  simulated: boolean;
  /** The app registration for a site, or null when none is configured for it. */
  client(site: ExactSite): SiteClient | null;
  /** Origins the browser is sent to for consent (for the Content-Security-Policy). */
  origins(): string[];
};

/**
 * Reads the Exact configuration from the environment. Only the operator sets these: the
 * URL a login calls is always one of the fixed sites, or the operator's override of it
 * (EXACT_SITE_URL_<SITE>, for a test server), never something a user typed.
 */
export function exactConfig(env: Record<string, string | undefined> = process.env): ExactConfig {
  const client = (site: ExactSite): SiteClient | null => {
    const clientId = env[`EXACT_CLIENT_ID_${site}`] || env.EXACT_CLIENT_ID;
    const clientSecret = env[`EXACT_CLIENT_SECRET_${site}`] || env.EXACT_CLIENT_SECRET;
    if (!clientId || !clientSecret) return null;
    const baseUrl = (env[`EXACT_SITE_URL_${site}`] || EXACT_SITES[site]).replace(/\/+$/, "");
    return { site, baseUrl, clientId, clientSecret };
  };
  return {
    redirectUri: env.EXACT_REDIRECT_URI || `http://localhost:${env.PORT || 3000}/api/exact/callback`,
    simulated: env.EXACT_SIMULATED === "1",
    client,
    origins: () => [
      ...new Set(
        SITE_CODES.map((s) => client(s)?.baseUrl)
          .filter((u): u is string => Boolean(u))
          .map((u) => new URL(u).origin),
      ),
    ],
  };
}
