import { consentPage } from "../html/pages";
import type { Site } from "../sites";
import { oauthPath } from "./oauth-path";

/** The consent page for a pending request: its form posts back, Uitloggen restarts the login. */
export function consentPageFor(site: Site, requestId: string, appName: string, userName: string): string {
  return consentPage({
    action: oauthPath(site, "consent"),
    logoutHref: `${oauthPath(site, "logout")}?request=${encodeURIComponent(requestId)}`,
    requestId,
    appName,
    userName,
  });
}
