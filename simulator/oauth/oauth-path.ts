import { type Site, sitePrefix } from "../sites";

/** "/nl/api/oauth2/login" for (NL, "login"). */
export function oauthPath(site: Site, page: "auth" | "login" | "consent" | "logout" | "token"): string {
  return `${sitePrefix(site)}/api/oauth2/${page}`;
}
