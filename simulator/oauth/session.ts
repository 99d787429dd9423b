import type { IncomingMessage } from "node:http";
import { parseCookies } from "../http/cookies";
import type { SimContext } from "../sim-context";
import { type Site, sitePrefix } from "../sites";
import { SESSION_LIFETIME_MS } from "../state/lifetimes";
import type { SessionRecord } from "../state/sim-state";
import { hashToken } from "./hash-token";
import { randomToken } from "./random-token";

// The simulator's own browser session ("the browser has an Exact session", EXACT_ONLINE.md on
// force_login). Real sites live on separate hosts, so the cookie is scoped to the site's path:
// signing in on /nl does not sign you in on /be.

export const SESSION_COOKIE = "ExactSimSession";

export function findSession(ctx: SimContext, req: IncomingMessage, site: Site): SessionRecord | null {
  const id = parseCookies(req.headers.cookie).get(SESSION_COOKIE);
  if (!id) return null;
  const session = ctx.store.state.sessions[hashToken(id)];
  if (!session || session.site !== site) return null;
  if (ctx.clock.now() - session.createdAt > SESSION_LIFETIME_MS) return null;
  if (!ctx.findUser(session.userName)) return null;
  return session;
}

/** Starts a session (ending the browser's previous one) and returns the Set-Cookie value. */
export function startSession(ctx: SimContext, req: IncomingMessage, site: Site, userName: string): string {
  endSession(ctx, req, site);
  const id = randomToken();
  ctx.store.state.sessions[hashToken(id)] = { site, userName, createdAt: ctx.clock.now() };
  ctx.store.changed();
  return `${SESSION_COOKIE}=${id}; Path=${sitePrefix(site)}; HttpOnly; SameSite=Lax`;
}

/** Ends the browser's session, if any, and returns the Set-Cookie value that clears the cookie. */
export function endSession(ctx: SimContext, req: IncomingMessage, site: Site): string {
  const id = parseCookies(req.headers.cookie).get(SESSION_COOKIE);
  if (id) {
    delete ctx.store.state.sessions[hashToken(id)];
    ctx.store.changed();
  }
  return `${SESSION_COOKIE}=; Path=${sitePrefix(site)}; HttpOnly; SameSite=Lax; Max-Age=0`;
}
