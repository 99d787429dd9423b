import { errorPage, loginPage } from "../html/pages";
import type { RouteInput } from "../route-input";
import { oauthPath } from "./oauth-path";
import { findPendingRequest } from "./pending-requests";
import { safeEqual } from "./safe-equal";
import { startSession } from "./session";

export const WRONG_CREDENTIALS = "De gebruikersnaam of het wachtwoord is onjuist.";

export function staleRequestPage(): string {
  return errorPage(
    "Aanvraag verlopen",
    "Deze inlogaanvraag is verlopen of onbekend. Start de koppeling opnieuw vanuit de applicatie.",
  );
}

/**
 * GET  {site}/api/oauth2/login?request=… — the login form (after "Uitloggen").
 * POST {site}/api/oauth2/login — username/password; a wrong one shows the form again with a
 * message, a right one starts the simulator session and goes on to the consent screen.
 */
export function handleLogin({ ctx, site, req, reply, url, form }: RouteInput): void {
  const action = oauthPath(site, "login");
  if (req.method === "GET") {
    const requestId = url.searchParams.get("request");
    if (!requestId || !findPendingRequest(ctx, site, requestId)) {
      reply.html(400, staleRequestPage());
      return;
    }
    reply.html(200, loginPage({ action, requestId }));
    return;
  }
  const requestId = form?.get("request") ?? null;
  if (!requestId || !findPendingRequest(ctx, site, requestId)) {
    reply.html(400, staleRequestPage());
    return;
  }
  const userName = form?.get("username")?.trim() ?? "";
  const password = form?.get("password") ?? "";
  const user = ctx.findUser(userName);
  // Compare even for an unknown user, so timing does not reveal which user names exist.
  const passwordOk = safeEqual(password, user?.password ?? "\u0000no user");
  if (!user || !passwordOk) {
    reply.html(200, loginPage({ action, requestId, userName, error: WRONG_CREDENTIALS }));
    return;
  }
  const cookie = startSession(ctx, req, site, user.userName);
  reply.redirect(`${oauthPath(site, "consent")}?request=${encodeURIComponent(requestId)}`, { "Set-Cookie": cookie });
}
