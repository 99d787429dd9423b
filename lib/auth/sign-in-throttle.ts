import { inArray, sql } from "drizzle-orm";
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

export async function throttledFor(keys: ThrottleKey[], now = new Date()): Promise<number> {
  const rows = await getDb()
    .select()
    .from(signInThrottle)
    .where(
      inArray(
        signInThrottle.key,
        keys.map((k) => k.key),
      ),
    );
  return Math.max(
    0,
    ...keys.map((k) =>
      secondsLocked(
        rows.find((r) => r.key === k.key),
        k.limit,
        now,
      ),
    ),
  );
}

export async function recordFailure(keys: ThrottleKey[]): Promise<void> {
  const window = `${THROTTLE_WINDOW_MS / 1000} seconds`;
  for (const { key } of keys) {
    // One statement, so concurrent failures from several processes all count.
    await getDb()
      .insert(signInThrottle)
      .values({ key, failures: 1 })
      .onConflictDoUpdate({
        target: signInThrottle.key,
        set: {
          failures: sql`case when ${signInThrottle.windowStartedAt} < now() - ${window}::interval then 1 else ${signInThrottle.failures} + 1 end`,
          windowStartedAt: sql`case when ${signInThrottle.windowStartedAt} < now() - ${window}::interval then now() else ${signInThrottle.windowStartedAt} end`,
          lastFailureAt: sql`now()`,
        },
      });
  }
}

export async function clearFailures(key: string): Promise<void> {
  await getDb()
    .delete(signInThrottle)
    .where(inArray(signInThrottle.key, [key]));
}
