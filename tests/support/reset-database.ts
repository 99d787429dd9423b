import { getSql } from "@/db/client";
import { ensureDefaultEnvironments } from "@/lib/data/environments";

/** Empties every table and puts back what a fresh start has, so each test starts equal. */
export async function resetDatabase(): Promise<void> {
  await getSql()`truncate audit_events, sign_in_throttle, portal_processes, oauth_states, exact_error_counts, exact_rate_limits, divisions, administrations, oauth_logins, users, environments restart identity cascade`;
  await ensureDefaultEnvironments();
  await getSql()`truncate audit_events restart identity`;
}
