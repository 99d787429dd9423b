import { environmentOf } from "@/lib/data/environments";
import { isAppError } from "@/lib/errors";
import { userForRoute } from "@/lib/guards/require-user";
import { startAuthorization } from "@/lib/links/consent-round-trip";
import { logger } from "@/lib/log/logger";
import "@/lib/schemas/zod-jitless";
import { z } from "zod";

export const dynamic = "force-dynamic";

const query = z.object({ login: z.uuid(), force: z.enum(["0", "1"]).default("0") });

// GET /api/exact/connect?login=<id>[&force=1]: sends the admin's browser to Exact's login
// and consent screens for that login. Only from the portal's own pages: a navigation
// started by another site (Sec-Fetch-Site: cross-site) is refused.
export async function GET(request: Request) {
  const { user, response } = await userForRoute(request, "settings.change");
  if (response) return response;
  const back = (notice: string) =>
    Response.redirect(new URL(`/system/oauth-logins?notice=${notice}`, request.url), 303);
  const site = request.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return back("connect_refused");
  const parsed = query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return back("oauth_login_not_found");
  try {
    const environment = await environmentOf(user);
    const url = await startAuthorization(user, environment.id, parsed.data.login, parsed.data.force === "1");
    return Response.redirect(url, 303);
  } catch (e) {
    if (isAppError(e)) return back(e.code);
    logger.error({ err: e }, "starting the Exact authorization failed");
    return back("unexpected");
  }
}
