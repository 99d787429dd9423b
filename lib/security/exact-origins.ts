// Relative, as proxy.ts loads it.
import { EXACT_SITES, SITE_CODES } from "../exact-sites";

/**
 * Where a consent's form post may lead: the origins of Exact's sites as this portal reaches them
 * (EXACT_SITE_URL_<SITE>, the simulator's when it runs, Exact's own otherwise). The button
 * that asks before a consent posts to the portal, which redirects there, and a browser holds
 * that redirect to the page's form-action.
 */
export function exactOrigins(env: Record<string, string | undefined> = process.env): string[] {
  const origins = new Set<string>();
  for (const site of SITE_CODES) {
    try {
      origins.add(new URL(env[`EXACT_SITE_URL_${site}`] || EXACT_SITES[site]).origin);
    } catch {
      // A setting that is no URL reaches nothing; the start refuses it in production.
    }
  }
  return [...origins].sort();
}
