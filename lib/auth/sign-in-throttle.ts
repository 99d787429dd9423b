import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { signInThrottle } from "@/db/schema";

// Failed sign-ins are counted in the database, so every portal process sees the same
// count. A key is an e-mail address or a client address; each has its own limit.
export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const LIMITS = { email: 5, address: 20 } as const;

export type ThrottleKey = { key: string; limit: number };

export function throttleKeys(email: string, address: string | null): ThrottleKey[] {
  const keys: ThrottleKey[] = [{ key: `email:${email.trim().toLowerCase()}`, limit: LIMITS.email }];
  if (address) keys.push({ key: `address:${address}`, limit: LIMITS.address });
  return keys;
}

type Row = { failures: number; windowStartedAt: Date };

/** Seconds until `row` allows another attempt, or 0 when it does now. */
export function secondsLocked(row: Row | undefined, limit: number, now: Date): number {
  if (!row) return 0;
  const windowEnds = row.windowStartedAt.getTime() + THROTTLE_WINDOW_MS;
  if (windowEnds <= now.getTime() || row.failures < limit) return 0;
  return Math.ceil((windowEnds - now.getTime()) / 1000);
}

/**
 * Counts this attempt against every key *before* the password is checked, in one atomic
 * statement per key, and answers how many seconds the caller must wait (0: go on). Counting
 * first means guesses sent in parallel cannot all slip through before the first is counted.
 */
export async function reserveAttempt(keys: ThrottleKey[], now = new Date()): Promise<number> {
  const window = `${THROTTLE_WINDOW_MS / 1000} seconds`;
  let wait = 0;
  for (const { key, limit } of keys) {
    const [row] = await getDb()
      .insert(signInThrottle)
      .values({ key, failures: 1 })
      .onConflictDoUpdate({
        target: signInThrottle.key,
        set: {
          failures: sql`case when ${signInThrottle.windowStartedAt} < now() - ${window}::interval then 1 else ${signInThrottle.failures} + 1 end`,
          windowStartedAt: sql`case when ${signInThrottle.windowStartedAt} < now() - ${window}::interval then now() else ${signInThrottle.windowStartedAt} end`,
          lastFailureAt: sql`now()`,
        },
      })
      .returning({ failures: signInThrottle.failures, windowStartedAt: signInThrottle.windowStartedAt });
    // The attempts before this one decide whether this one may go ahead.
    wait = Math.max(wait, secondsLocked({ ...row, failures: row.failures - 1 }, limit, now));
  }
  return wait;
}

/** A successful sign-in: the e-mail starts afresh, and the address is not charged for it. */
export async function releaseAttempt(keys: ThrottleKey[]): Promise<void> {
  const [emailKey, ...others] = keys;
  await getDb().delete(signInThrottle).where(eq(signInThrottle.key, emailKey.key));
  for (const { key } of others) {
    await getDb()
      .update(signInThrottle)
      .set({ failures: sql`greatest(${signInThrottle.failures} - 1, 0)` })
      .where(eq(signInThrottle.key, key));
    await getDb()
      .delete(signInThrottle)
      .where(and(eq(signInThrottle.key, key), eq(signInThrottle.failures, 0)));
  }
}
