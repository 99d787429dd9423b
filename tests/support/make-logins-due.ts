import { getSql } from "@/db/client";
import type { ExactSimulator } from "@/simulator/start-exact-simulator";
import { simControl } from "./exact-simulator";

/**
 * Ten minutes pass for the logins, for every process at once: the portal processes each have
 * their own clock, so the stored expiry is moved into the past (what time passing means to
 * them), and Exact's clock moves past its 570 s rule.
 */
export async function makeLoginsDue(sim: ExactSimulator, loginIds: string[]): Promise<void> {
  await getSql()`update oauth_logins set access_token_expires_at = now() - interval '1 second' where id = any(${loginIds}::uuid[])`;
  await simControl(sim, "clock", { advanceSeconds: 600 });
}
