import "server-only";
import { and, eq, lt, sql } from "drizzle-orm";
import ipaddr from "ipaddr.js";
import { getDb, getSql } from "@/db/client";
import { col, rawQuery } from "@/db/raw-query";
import { signInThrottle } from "@/db/schema";

// Failed sign-ins are counted in the database, so every portal process sees the same count.
// An e-mail address is slowed down, never locked: after FREE_FAILURES failures each further
// attempt must wait for a delay that doubles per failure, up to MAX_DELAY_SECONDS after the
// last one that was checked. Attempts refused while waiting are not counted, so nobody can
// keep a user (the only admin) out for longer than that by failing on purpose. A client
// address, which the attacker owns, has a hard limit per window.
export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const FREE_FAILURES = 3;
export const MAX_DELAY_SECONDS = 60;
export const ADDRESS_LIMIT = 20;

/** `progressive`: the e-mail's growing delay; `window`: at most `limit` failures per window. */
export type ThrottleKey = { key: string; kind: "progressive" } | { key: string; kind: "window"; limit: number };

export function throttleKeys(email: string, address: string | null): ThrottleKey[] {
  const keys: ThrottleKey[] = [{ key: `email:${email.trim().toLowerCase()}`, kind: "progressive" }];
  if (address) keys.push({ key: `address:${addressKey(address)}`, kind: "window", limit: ADDRESS_LIMIT });
  return keys;
}

/**
 * The address as one client: an IPv4 address as it is, an IPv6 address by its /64 (one
 * subscriber's network: a client that picks a new address from its /64 for every try is still
 * one client). IPv4-mapped IPv6 is its IPv4.
 */
export function addressKey(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const ip = ipaddr.process(address);
  if (ip.kind() === "ipv4") return ip.toString();
  const parts = (ip as ipaddr.IPv6).parts.slice(0, 4);
  return `${new ipaddr.IPv6([...parts, 0, 0, 0, 0]).toString()}/64`;
}

/** Seconds the next attempt waits after the last failure, with `failures` recent ones: 0, 0, 0, 2, 4, 8 … 60. */
export function delaySeconds(failures: number): number {
  return failures < FREE_FAILURES ? 0 : Math.min(2 ** (failures - FREE_FAILURES + 1), MAX_DELAY_SECONDS);
}

type Row = { failures: number; windowStartedAt: Date };

/** Seconds until a window key allows another attempt, or 0 when it does now. */
export function secondsLocked(row: Row | undefined, limit: number, now: Date): number {
  if (!row) return 0;
  const windowEnds = row.windowStartedAt.getTime() + THROTTLE_WINDOW_MS;
  if (windowEnds <= now.getTime() || row.failures < limit) return 0;
  return Math.ceil((windowEnds - now.getTime()) / 1000);
}

const WINDOW = `${THROTTLE_WINDOW_MS / 1000} seconds`;

/**
 * Counts the attempt against a progressive key when its delay is over, in one statement (so
 * guesses sent at once cannot all pass): 0 when it may go on, else the seconds left to wait.
 */
async function reserveProgressive(key: string): Promise<number> {
  const db = getSql();
  // The delay of `failures` recent failures, in SQL (delaySeconds).
  const delay = db.unsafe(
    `(case when t.failures < ${FREE_FAILURES} then 0 else least(power(2, t.failures - ${FREE_FAILURES - 1}), ${MAX_DELAY_SECONDS}) end) * interval '1 second'`,
  );
  const stale = db`t.last_failure_at < now() - ${WINDOW}::interval`;
  const reserved = await db`
    insert into sign_in_throttle as t (key, failures) values (${key}, 1)
    on conflict (key) do update set
      failures = case when ${stale} then 1 else t.failures + 1 end,
      window_started_at = case when ${stale} then now() else t.window_started_at end,
      last_failure_at = now()
    where ${stale} or t.last_failure_at + ${delay} <= now()
    returning 1`;
  if (reserved.length > 0) return 0;
  const [row] = await rawQuery(
    { wait: col.number },
    db`select greatest(extract(epoch from t.last_failure_at + ${delay} - now()), 0)::float as wait
    from sign_in_throttle t where key = ${key}`,
  );
  return Math.max(1, Math.ceil(row?.wait ?? 1));
}

/** Counts the attempt against a window key, whatever it answers; the seconds to wait or 0. */
async function reserveWindow(key: string, limit: number, now: Date): Promise<number> {
  const [row] = await getDb()
    .insert(signInThrottle)
    .values({ key, failures: 1 })
    .onConflictDoUpdate({
      target: signInThrottle.key,
      set: {
        failures: sql`case when ${signInThrottle.windowStartedAt} < now() - ${WINDOW}::interval then 1 else ${signInThrottle.failures} + 1 end`,
        windowStartedAt: sql`case when ${signInThrottle.windowStartedAt} < now() - ${WINDOW}::interval then now() else ${signInThrottle.windowStartedAt} end`,
        lastFailureAt: sql`now()`,
      },
    })
    .returning({ failures: signInThrottle.failures, windowStartedAt: signInThrottle.windowStartedAt });
  // The attempts before this one decide whether this one may go ahead.
  return secondsLocked({ ...row, failures: row.failures - 1 }, limit, now);
}

/**
 * Counts this attempt against every key *before* the password is checked and answers how many
 * seconds the caller must wait (0: go on). Rows nobody failed on for a window are pruned first,
 * so the table holds only the last quarter of an hour.
 */
export async function reserveAttempt(keys: ThrottleKey[], now = new Date()): Promise<number> {
  await getDb()
    .delete(signInThrottle)
    .where(lt(signInThrottle.lastFailureAt, sql`now() - ${WINDOW}::interval`));
  let wait = 0;
  for (const key of keys) {
    const seconds =
      key.kind === "progressive" ? await reserveProgressive(key.key) : await reserveWindow(key.key, key.limit, now);
    wait = Math.max(wait, seconds);
  }
  return wait;
}

/** A successful sign-in: the e-mail starts afresh, and the address is not charged for it. */
export async function releaseAttempt(keys: ThrottleKey[]): Promise<void> {
  for (const key of keys) {
    if (key.kind === "progressive") {
      await getDb().delete(signInThrottle).where(eq(signInThrottle.key, key.key));
      continue;
    }
    await getDb()
      .update(signInThrottle)
      .set({ failures: sql`greatest(${signInThrottle.failures} - 1, 0)` })
      .where(eq(signInThrottle.key, key.key));
    await getDb()
      .delete(signInThrottle)
      .where(and(eq(signInThrottle.key, key.key), eq(signInThrottle.failures, 0)));
  }
}
