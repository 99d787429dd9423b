// Relative, like auth-config.ts and proxy.ts that load it: proxy.ts runs before the "@/" alias is known to every bundler.
import { parseDuration } from "@/lib/parse-duration";

// No server-only: auth-config.ts, which proxy.ts loads too, reads these.

/** The absolute lifetime of a session (`SESSION_MAX_AGE`, e.g. 12h, 30m): then sign in again, however active. */
export function sessionMaxAgeMs(): number {
  const ms = parseDuration(process.env.SESSION_MAX_AGE || "12h");
  if (ms <= 0) throw new Error("SESSION_MAX_AGE must be longer than 0 (e.g. 12h, 30m)");
  return ms;
}

/** The idle lifetime: a session not used for this long ends (never longer than the absolute one). */
export function sessionIdleSeconds(): number {
  return Math.floor(Math.min(12 * 60 * 60 * 1000, sessionMaxAgeMs()) / 1000);
}
