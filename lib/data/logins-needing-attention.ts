import "server-only";
import { listOAuthLogins, type OAuthLoginStatus } from "./oauth-logins";

export type Attention = Record<"needs_reauth" | "error" | "expiring", number> & { total: number };

const NEEDS_ATTENTION: OAuthLoginStatus[] = ["needs_reauth", "error", "expiring"];

/** How many logins of the environment need a person: dead, failing, or about to expire. */
export async function loginsNeedingAttention(environmentId: string): Promise<Attention> {
  const counts: Attention = { needs_reauth: 0, error: 0, expiring: 0, total: 0 };
  for (const login of await listOAuthLogins(environmentId)) {
    if (!NEEDS_ATTENTION.includes(login.status)) continue;
    counts[login.status as keyof Omit<Attention, "total">]++;
    counts.total++;
  }
  return counts;
}
