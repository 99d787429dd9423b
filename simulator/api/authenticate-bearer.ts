import type { IncomingMessage } from "node:http";
import type { FixtureApp, FixtureUser } from "../fixture/fixture-schema";
import { hashToken } from "../oauth/hash-token";
import type { SimContext } from "../sim-context";
import type { Site } from "../sites";

export interface BearerIdentity {
  app: FixtureApp;
  user: FixtureUser;
  /** Why the token is refused although it is known: expired (600 s) or revoked (control API). */
  refused: "expired" | "revoked" | null;
}

/** The app and user behind `Authorization: Bearer …` (with `refused` set when the token is expired
 * or revoked), or null when the token is unknown or from another site. */
export function authenticateBearer(ctx: SimContext, site: Site, req: IncomingMessage): BearerIdentity | null {
  const match = /^bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
  if (!match) return null;
  const state = ctx.store.state;
  const token = state.accessTokens[hashToken(match[1])];
  if (!token) return null;
  const grant = Object.hasOwn(state.grants, token.grantId) ? state.grants[token.grantId] : undefined;
  if (!grant || grant.site !== site) return null;
  const app = ctx.findApp(site, grant.clientId);
  const user = ctx.findUser(grant.userName);
  if (!app || !user) return null;
  const refused = ctx.clock.now() >= token.expiresAt ? "expired" : token.revokedAt ? "revoked" : null;
  return { app, user, refused };
}
