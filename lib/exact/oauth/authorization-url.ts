import "server-only";
import type { SiteClient } from "@/lib/exact/exact-config";
import { exactProvider } from "@/lib/exact/oauth/exact-provider";

/** The URL of Exact's login and consent screens for one site's app, carrying `state`. */
export function authorizationUrl(client: SiteClient, redirectUri: string, state: string, forceLogin: boolean): URL {
  const p = exactProvider(client);
  const url = new URL(p.authorization.url);
  url.searchParams.set("client_id", client.clientId);
  url.searchParams.set("redirect_uri", redirectUri);
  for (const [k, v] of Object.entries(p.authorization.params)) url.searchParams.set(k, String(v));
  if (forceLogin) url.searchParams.set("force_login", "1");
  url.searchParams.set("state", state);
  return url;
}
