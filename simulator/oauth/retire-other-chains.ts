import type { SimContext } from "../sim-context";
import type { Site } from "../sites";

/**
 * EXACT_ONLINE.md "One chain per user and app": a new consent by the same Exact user for the same
 * app retires that user's earlier refresh-token chains. Their refresh tokens are refused from now
 * on (like a reused one); their access tokens live out their 600 s. Returns how many were retired.
 */
export function retireOtherChains(
  ctx: SimContext,
  chain: { grantId: string; site: Site; clientId: string; userName: string },
): number {
  const now = ctx.clock.now();
  const user = chain.userName.toLowerCase();
  let retired = 0;
  for (const [id, grant] of Object.entries(ctx.store.state.grants)) {
    if (id === chain.grantId || grant.retiredAt) continue;
    if (grant.site !== chain.site || grant.clientId !== chain.clientId || grant.userName.toLowerCase() !== user)
      continue;
    grant.retiredAt = now;
    retired += 1;
  }
  return retired;
}
