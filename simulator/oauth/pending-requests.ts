import type { SimContext } from "../sim-context";
import type { Site } from "../sites";
import { PENDING_REQUEST_LIFETIME_MS } from "../state/lifetimes";
import type { PendingRequest } from "../state/sim-state";
import { randomToken } from "./random-token";

// The login and consent forms carry only an opaque id; client, redirect URI and state stay on
// the server, so nothing in a form can swap the redirect target.

export function createPendingRequest(ctx: SimContext, request: Omit<PendingRequest, "createdAt">): string {
  const id = randomToken(18);
  ctx.store.state.pending[id] = { ...request, createdAt: ctx.clock.now() };
  ctx.store.changed();
  return id;
}

export function findPendingRequest(ctx: SimContext, site: Site, id: string | null | undefined): PendingRequest | null {
  if (!id) return null;
  const pending = Object.hasOwn(ctx.store.state.pending, id) ? ctx.store.state.pending[id] : undefined;
  if (!pending || pending.site !== site) return null;
  if (ctx.clock.now() - pending.createdAt > PENDING_REQUEST_LIFETIME_MS) return null;
  return pending;
}

export function dropPendingRequest(ctx: SimContext, id: string): void {
  delete ctx.store.state.pending[id];
  ctx.store.changed();
}
