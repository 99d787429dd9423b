import type { IncomingMessage } from "node:http";
import type { FixtureApp, FixtureUser } from "../fixture/fixture-schema";
import { hashToken } from "../hash-token";
import type { SimContext } from "../sim-context";
import type { Site } from "../sites";

export interface BearerIdentity {
  app: FixtureApp;
  user: FixtureUser;
}

/** The app and user behind `Authorization: Bearer …`, or null when the token is unknown,
 * expired (600 s), or from another site. */
export function authenticateBearer(ctx: SimContext, site: Site, req: IncomingMessage): BearerIdentity | null {
  const match = /^bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
  if (!match) return null;
  const state = ctx.store.state;
  const token = state.accessTokens[hashToken(match[1])];
  if (!token || ctx.clock.now() >= token.expiresAt) return null;
  const grant = Object.hasOwn(state.grants, token.grantId) ? state.grants[token.grantId] : undefined;
  if (!grant || grant.site !== site) return null;
  const app = ctx.findApp(site, grant.clientId);
  const user = ctx.findUser(grant.userName);
  return app && user ? { app, user } : null;
}
