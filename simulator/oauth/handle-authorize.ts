import { errorPage, loginPage } from "../html/pages";
import type { RouteInput } from "../route-input";
import { consentPageFor } from "./consent-page-for";
import { oauthPath } from "./oauth-path";
import { createPendingRequest } from "./pending-requests";
import { redirectWithParams } from "./redirect-with-params";
import { findSession } from "./session";

/**
 * GET {site}/api/oauth2/auth?client_id&redirect_uri&response_type=code&state&force_login=0|1
 *
 * - A client id not registered on THIS site: "Client not found" (picqer #25, EXACT_ONLINE.md
 *   "Sites"), an error page that redirects nowhere.
 * - redirect_uri must equal the registered one exactly, no extra query string (picqer #463);
 *   otherwise an error page, again redirecting nowhere (an attacker's URI never gets a code).
 * - No scope parameter: scopes live on the app registration.
 * - With a simulator session and force_login≠1 the login form is skipped.
 */
export function handleAuthorize({ ctx, site, req, reply, url }: RouteInput): void {
  const query = url.searchParams;
  const app = ctx.findApp(site, query.get("client_id"));
  if (!app) {
    reply.html(
      400,
      errorPage("Client not found", "Client not found. Controleer de client_id van de app op deze Exact Online site."),
    );
    return;
  }
  const redirectUri = query.get("redirect_uri");
  if (redirectUri !== app.redirectUri) {
    reply.html(
      400,
      errorPage(
        "Ongeldige redirect_uri",
        "The redirect_uri does not match the redirect URI registered for this app (exact match, no query string).",
      ),
    );
    return;
  }
  const state = query.get("state");
  if (query.get("response_type") !== "code") {
    // The redirect URI is trusted from here on, so errors go back to the client (RFC 6749 4.1.2.1).
    reply.redirect(redirectWithParams(redirectUri, { error: "unsupported_response_type", state }));
    return;
  }
  const requestId = createPendingRequest(ctx, { site, clientId: app.clientId, redirectUri, state });
  const session = findSession(ctx, req, site);
  if (session && query.get("force_login") !== "1") {
    reply.html(200, consentPageFor(site, requestId, app.name, session.userName));
    return;
  }
  reply.html(200, loginPage({ action: oauthPath(site, "login"), requestId }));
}
