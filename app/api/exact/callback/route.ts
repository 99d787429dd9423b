import { userForRoute } from "@/lib/guards/require-user";
import { completeAuthorization } from "@/lib/links/consent-round-trip";
import { logger } from "@/lib/log/logger";

export const dynamic = "force-dynamic";

// GET /api/exact/callback: where Exact sends the browser back after login and consent
// (the exact redirect URI registered with the app). The outcome is shown on the grid.
export async function GET(request: Request) {
  const { user, response } = await userForRoute(request, "settings.change");
  if (response) return response;
  let target: URL;
  try {
    const outcome = await completeAuthorization(user, new URL(request.url));
    target = new URL("/system/oauth-logins", request.url);
    target.searchParams.set("notice", outcome.notice);
    if (outcome.loginId) target.searchParams.set("login", outcome.loginId);
    if (outcome.missingDivisions?.length) target.searchParams.set("missing", outcome.missingDivisions.join(","));
  } catch (e) {
    logger.error({ err: e }, "Exact callback failed");
    target = new URL("/system/oauth-logins?notice=unexpected", request.url);
  }
  return Response.redirect(target, 303);
}
