import { errorPage, loginPage } from "../html/pages";
import type { RouteInput } from "../route-input";
import { consentPageFor } from "./consent-page-for";
import { staleRequestPage } from "./handle-login";
import { hashToken } from "./hash-token";
import { oauthPath } from "./oauth-path";
import { dropPendingRequest, findPendingRequest } from "./pending-requests";
import { randomToken } from "./random-token";
import { redirectWithParams } from "./redirect-with-params";
import { findSession } from "./session";

/**
 * GET  {site}/api/oauth2/consent?request=… — the consent screen for the signed-in user.
 * POST {site}/api/oauth2/consent — decision=allow ("Toestaan") or deny ("Weigeren").
 *
 * Toestaan → 302 redirect_uri?code=…&state=…; the code is single use, lives 3 minutes and is
 * bound to client and redirect_uri (EXACT_ONLINE.md "Token endpoint").
 * Weigeren → 302 redirect_uri?error=access_denied&state=… (EXACT_ONLINE.md: deny is
 * unconfirmed, expect this form).
 */
export async function handleConsent({ ctx, site, req, reply, url, form }: RouteInput): Promise<void> {
  const requestId = (req.method === "GET" ? url.searchParams.get("request") : form?.get("request")) ?? null;
  const pending = requestId ? findPendingRequest(ctx, site, requestId) : null;
  if (!requestId || !pending) {
    reply.html(400, staleRequestPage());
    return;
  }
  const app = ctx.findApp(site, pending.clientId);
  if (!app) {
    reply.html(400, errorPage("Client not found", "Client not found."));
    return;
  }
  const session = findSession(ctx, req, site);
  if (!session) {
    reply.html(200, loginPage({ action: oauthPath(site, "login"), requestId }));
    return;
  }
  if (req.method === "GET") {
    reply.html(200, consentPageFor(site, requestId, app.name, session.userName));
    return;
  }
  const decision = form?.get("decision");
  if (decision !== "allow" && decision !== "deny") {
    reply.html(400, errorPage("Ongeldige keuze", "Kies Toestaan of Weigeren."));
    return;
  }
  dropPendingRequest(ctx, requestId);
  if (decision === "deny") {
    reply.redirect(redirectWithParams(pending.redirectUri, { error: "access_denied", state: pending.state }));
    return;
  }
  const code = randomToken();
  ctx.store.state.codes[hashToken(code)] = {
    site,
    clientId: pending.clientId,
    redirectUri: pending.redirectUri,
    userName: session.userName,
    issuedAt: ctx.clock.now(),
  };
  await ctx.store.persistNow();
  reply.redirect(redirectWithParams(pending.redirectUri, { code, state: pending.state }));
}
