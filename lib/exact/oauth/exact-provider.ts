import "server-only";
import type { OAuthConfig } from "next-auth/providers";
import type { SiteClient } from "@/lib/exact/exact-config";
import type { ExactSite } from "@/lib/exact-sites";

/** `current/Me`'s record (d.results[0]), the fields the portal keeps. */
export type ExactMe = {
  UserID: string;
  UserName: string;
  FullName: string;
  Email?: string;
  CurrentDivision: number;
  LanguageCode?: string;
};

/**
 * Exact Online's OAuth side in the Auth.js provider shape, one per site: the one
 * description of its endpoints, parameters and profile mapping. The consent round-trip
 * (oauth/authorization-url.ts, oauth/token-endpoint.ts) takes everything from here. There is no `scope`
 * parameter (scopes live on the app registration) and no PKCE (not supported: the client
 * secret is always sent); `state` is the check.
 */
export function exactProvider(client: SiteClient): OAuthConfig<ExactMe> & {
  authorization: { url: string; params: Record<string, string> };
  token: { url: string };
  userinfo: { url: string };
} {
  const { baseUrl, site } = client;
  return {
    id: `exact-${site.toLowerCase()}`,
    name: `Exact Online ${site}`,
    type: "oauth",
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    authorization: {
      url: `${baseUrl}/api/oauth2/auth`,
      params: { response_type: "code", force_login: "0" },
    },
    token: { url: `${baseUrl}/api/oauth2/token` },
    userinfo: { url: `${baseUrl}/api/v1/current/Me` },
    checks: ["state"],
    client: { token_endpoint_auth_method: "client_secret_post" },
    profile(me) {
      return { id: me.UserID, name: me.FullName, email: me.Email ?? null };
    },
  };
}

export type ExactProvider = ReturnType<typeof exactProvider>;

export function providerId(site: ExactSite): string {
  return `exact-${site.toLowerCase()}`;
}
