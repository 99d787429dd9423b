import { messagePage } from "../html/pages";
import type { RouteInput } from "../route-input";
import { oauthPath } from "./oauth-path";
import { findPendingRequest } from "./pending-requests";
import { endSession } from "./session";

/**
 * GET {site}/api/oauth2/logout?request=… — the consent screen's "Uitloggen" link: ends the
 * simulator session and shows the login form again for the same authorization request, so a
 * different Exact user can sign in.
 */
export function handleLogout({ ctx, site, req, reply, url }: RouteInput): void {
  const cookie = endSession(ctx, req, site);
  const requestId = url.searchParams.get("request");
  if (requestId && findPendingRequest(ctx, site, requestId)) {
    reply.redirect(`${oauthPath(site, "login")}?request=${encodeURIComponent(requestId)}`, { "Set-Cookie": cookie });
    return;
  }
  reply.html(200, messagePage("Uitgelogd", "U bent uitgelogd bij Exact Online."), { "Set-Cookie": cookie });
}
