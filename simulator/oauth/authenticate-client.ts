import type { IncomingMessage } from "node:http";
import type { FixtureApp } from "../fixture/fixture-schema";
import type { SimContext } from "../sim-context";
import type { Site } from "../sites";
import { safeEqual } from "./safe-equal";

/**
 * The app behind a token call: client_id + client_secret in the form (what every client library
 * sends) or HTTP Basic (EXACT_ONLINE.md: "HTTP Basic also works"). The secret is always required
 * (no PKCE-only clients). Only apps registered on this site count.
 */
export function authenticateClient(
  ctx: SimContext,
  site: Site,
  req: IncomingMessage,
  form: URLSearchParams,
): FixtureApp | null {
  let clientId = form.get("client_id");
  let secret = form.get("client_secret");
  const header = req.headers.authorization;
  if (header && /^basic\s+/i.test(header)) {
    const decoded = Buffer.from(header.replace(/^basic\s+/i, ""), "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) return null;
    // RFC 6749 2.3.1: both parts are form-urlencoded before they are joined.
    clientId = formDecode(decoded.slice(0, colon));
    secret = formDecode(decoded.slice(colon + 1));
  }
  const app = ctx.findApp(site, clientId);
  if (!app || secret === null) return null;
  return safeEqual(secret, app.clientSecret) ? app : null;
}

function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, " "));
  } catch {
    return value;
  }
}
