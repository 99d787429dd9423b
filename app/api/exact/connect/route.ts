import { environmentOf } from "@/lib/data/environments";
import { isAppError } from "@/lib/errors";
import { userForRoute } from "@/lib/guards/require-user";
import { startAuthorization } from "@/lib/links/consent-round-trip";
import { logger } from "@/lib/log/logger";
import "@/lib/schemas/zod-jitless";
import { z } from "zod";

export const dynamic = "force-dynamic";

const connectSchema = z.object({ login: z.uuid(), force: z.enum(["0", "1"]).default("0") });

// Starting a consent sends the admin's browser to Exact and, once they allow it, retires the
// other refresh-token chains of the same Exact user: it must never happen because another site
// linked here. So it starts only from the portal's own pages:
//   GET  from a click in the portal (Sec-Fetch-Site: same-origin) goes straight to Exact; any
//        other GET (typed, bookmarked, a link from elsewhere, a browser that sends no fetch
//        metadata) lands on a page that asks first (/system/oauth-logins/connect);
//   POST is that page's button, accepted only with the portal's own Origin.

/** The portal's origin as the browser knows it: AUTH_URL's, or the request's own. */
function portalOrigin(request: Request): string {
  return process.env.AUTH_URL ? new URL(process.env.AUTH_URL).origin : new URL(request.url).origin;
}

async function startConsent(request: Request, values: Record<string, unknown>): Promise<Response> {
  const { user, response } = await userForRoute(request, "settings.change");
  if (response) return response;
  const back = (notice: string) =>
    Response.redirect(new URL(`/system/oauth-logins?notice=${notice}`, request.url), 303);
  const parsed = connectSchema.safeParse(values);
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

export async function GET(request: Request) {
  const values = Object.fromEntries(new URL(request.url).searchParams);
  if (request.headers.get("sec-fetch-site") === "same-origin") return startConsent(request, values);
  const { response } = await userForRoute(request, "settings.change");
  if (response) return response;
  const ask = new URL("/system/oauth-logins/connect", request.url);
  for (const [k, v] of Object.entries(values)) if (k === "login" || k === "force") ask.searchParams.set(k, v);
  return Response.redirect(ask, 303);
}

export async function POST(request: Request) {
  if (request.headers.get("origin") !== portalOrigin(request)) {
    return Response.redirect(new URL("/system/oauth-logins?notice=connect_refused", request.url), 303);
  }
  const form = await request.formData().catch(() => new FormData());
  return startConsent(request, { login: form.get("login") ?? undefined, force: form.get("force") ?? undefined });
}
