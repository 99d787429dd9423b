import type { Actor } from "@/lib/audit/actor";
import { createOAuthLogin } from "@/lib/data/oauth-logins";
import { completeAuthorization, startAuthorization } from "@/lib/links/consent-round-trip";
import type { ExactSimulator } from "@/simulator/start-exact-simulator";
import { consentInExact } from "./exact-simulator";

/**
 * An OAuth login linked to a simulator user the way a person links one: the portal's consent
 * round-trip, signing in to "Exact" as that user (the simulator's first user by default).
 */
export async function linkedLogin(
  sim: ExactSimulator,
  admin: Actor & { id: string },
  environmentId: string,
  user: { description?: string; userName?: string; password?: string } = {},
): Promise<string> {
  const { id } = await createOAuthLogin(admin, environmentId, {
    description: user.description ?? user.userName ?? "Exact",
    site: "NL",
  });
  const callback = await consentInExact(sim, await startAuthorization(admin, environmentId, id, false), {
    userName: user.userName,
    password: user.password,
  });
  const outcome = await completeAuthorization(admin, callback);
  if (outcome.notice !== "authorized") throw new Error(`linking failed: ${outcome.notice}`);
  return id;
}
