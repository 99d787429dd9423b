import "server-only";
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { portalProcesses } from "@/db/schema";
import { logger } from "@/lib/log/logger";

// How many portal processes may call Exact right now, for sharing the calls one Exact user and
// division may have in flight (call-slots.ts) between them: with four processes and four calls
// in flight each, a burst meets a token Exact has just revoked with sixteen calls, and Exact
// blocks the app after ten errors an hour. Each process that calls Exact beats in
// `portal_processes` every few seconds; the count of those seen lately is read on the same beat,
// so no call waits for it. Times are the database's own clock, one for every machine.

const BEAT_MS = 5_000;
/** A process not seen for this long is gone (killed, or stopped without a goodbye). */
const LIVE_SECONDS = 20;
/** Rows of processes gone this long are removed: the table stays the size of the fleet. */
const FORGET_SECONDS = 3_600;

type Registration = { id: string; live: number; timer: NodeJS.Timeout | null; ready: Promise<void> };
const cache = globalThis as unknown as { __koppelingProcess?: Registration };

/**
 * The live processes that may call Exact, this one included (at least 1). The first call
 * registers this process and waits for its first beat; later calls answer from the last beat.
 */
export async function liveProcesses(): Promise<number> {
  let me = cache.__koppelingProcess;
  if (!me) {
    const registration: Registration = { id: randomUUID(), live: 1, timer: null, ready: Promise.resolve() };
    registration.ready = beat(registration);
    cache.__koppelingProcess = me = registration;
    registration.timer = setInterval(() => void beat(registration), BEAT_MS);
    registration.timer.unref();
  }
  await me.ready;
  return Math.max(1, me.live);
}

/** Says this process is alive and reads how many are; never throws (the last count stands). */
async function beat(me: Registration): Promise<void> {
  try {
    const db = getDb();
    // An upsert on every beat: a first beat that failed (the database restarting) is made good.
    await db
      .insert(portalProcesses)
      .values({ id: me.id, host: hostname(), pid: process.pid, startedAt: sql`now()`, seenAt: sql`now()` })
      .onConflictDoUpdate({ target: portalProcesses.id, set: { seenAt: sql`now()` } });
    const [row] = await db.execute<{ live: number }>(sql`
      with forgotten as (
        delete from ${portalProcesses} where ${portalProcesses.seenAt} < now() - make_interval(secs => ${FORGET_SECONDS})
      )
      select count(*)::int as live from ${portalProcesses}
      where ${portalProcesses.seenAt} > now() - make_interval(secs => ${LIVE_SECONDS})`);
    me.live = Number(row?.live ?? 1);
  } catch (e) {
    logger.warn({ err: String(e) }, "Could not tell the other portal processes this one is alive");
  }
}

/** Removes this process from the count at a clean stop, so the others get its share at once. */
export async function forgetThisProcess(): Promise<void> {
  const me = cache.__koppelingProcess;
  if (!me) return;
  cache.__koppelingProcess = undefined;
  if (me.timer) clearInterval(me.timer);
  await getDb()
    .delete(portalProcesses)
    .where(eq(portalProcesses.id, me.id))
    .catch(() => undefined);
}
