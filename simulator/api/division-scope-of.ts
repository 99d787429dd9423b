import type { FixtureUser } from "../fixture/fixture-schema";
import type { SimContext } from "../sim-context";

/**
 * The divisions a user's consent grants the app (published apps' division scope, EXACT_ONLINE.md
 * "Division scope"), or null when there is no scope. The control API's setting wins over the
 * fixture's `divisionScope`; its null means "no scope" even when the fixture has one.
 */
export function divisionScopeOf(ctx: SimContext, user: FixtureUser): number[] | null {
  const overrides = ctx.store.state.divisionScopes;
  const key = user.userName.toLowerCase();
  if (Object.hasOwn(overrides, key)) return overrides[key];
  return user.divisionScope ?? null;
}
