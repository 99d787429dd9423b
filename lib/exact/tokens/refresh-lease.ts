import "server-only";
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { and, eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { oauthLogins } from "@/db/schema";
import { now } from "@/lib/clock";
import { logger } from "@/lib/log/logger";
import { announceTokenChange } from "./token-changes";
import { readTokenRow, type TokenRow } from "./token-row";

// THE refresh lock: a lease on the login's row, claimed in a short committed transaction.
//
// Exact's refresh tokens are single use: two holders refreshing at once destroy the login.
// A `SELECT … FOR UPDATE` held across the call to Exact would tie the lock to one pooled
// connection for as long as Exact takes (35 s has been seen), stall the pool, and vanish if
// that connection died while Exact was rotating the token. A lease is a committed row
// (owner + until): no connection is held while Exact answers, every process sees it, the
// holder keeps it alive while it waits, and a crashed holder's lease runs out on its own.

/**
 * A lease's owner names the process that holds it (host, start and pid) before its random part,
 * so that a stop can give back what a process still held when it was ended (releaseLeasesOf).
 * The start's id (KOPPELING_START_ID, set by `npm start` for itself and its web server) tells
 * apart replicas that share a host name and pids, as containers can.
 */
function leaseOwnerPrefix(pid: number = process.pid): string {
  return `${hostname()}/${process.env.KOPPELING_START_ID ?? "-"}/${pid}/`;
}

/** How long a lease lives without a heartbeat: what a crashed holder costs the others. */
export function leaseMs(): number {
  return Number(process.env.EXACT_REFRESH_LEASE_MS ?? 30_000);
}

export type LeaseClaim =
  | { kind: "claimed"; owner: string; row: TokenRow; tookOver: boolean }
  /** Someone else holds a live lease: wait for them. */
  | { kind: "leased"; row: TokenRow }
  /** The row is not the one the caller saw (refreshed, re-consented or dead): read it again. */
  | { kind: "changed"; row: TokenRow | undefined };

/**
 * Claims the right to refresh the login's token version `version`. A lease whose time has
 * run out belonged to a holder that crashed (or lost the database) mid-refresh: its call may
 * have reached Exact, so the refresh is marked in doubt before it is taken over.
 */
export async function claimRefreshLease(loginId: string, version: number): Promise<LeaseClaim> {
  return getDb().transaction(async (tx) => {
    // The row lock lives only for this short transaction, never across a call to Exact.
    const current = await readTokenRow(loginId, tx, { forUpdate: true });
    if (!current || current.tokenVersion !== version || !current.refreshTokenEnc || current.status === "needs_reauth") {
      return { kind: "changed", row: current };
    }
    const at = now();
    if (current.refreshLeaseUntil && current.refreshLeaseUntil.getTime() > at.getTime()) {
      return { kind: "leased", row: current };
    }
    const tookOver = current.refreshLeaseOwner !== null;
    const owner = `${leaseOwnerPrefix()}${randomUUID()}`;
    const inDoubt = tookOver ? (current.refreshInDoubtAt ?? at) : current.refreshInDoubtAt;
    await tx
      .update(oauthLogins)
      .set({
        refreshLeaseOwner: owner,
        refreshLeaseUntil: new Date(at.getTime() + leaseMs()),
        refreshInDoubtAt: inDoubt,
      })
      .where(eq(oauthLogins.id, loginId));
    if (tookOver) logger.warn({ loginId }, "a refresh lease ran out: its holder stopped mid-refresh");
    return { kind: "claimed", owner, tookOver, row: { ...current, refreshInDoubtAt: inDoubt } };
  });
}

/** Extends the lease while the holder waits for Exact; returns the function that stops it. */
export function keepLeaseAlive(loginId: string, owner: string): () => void {
  const timer = setInterval(() => {
    getDb()
      .update(oauthLogins)
      .set({ refreshLeaseUntil: new Date(now().getTime() + leaseMs()) })
      .where(and(eq(oauthLogins.id, loginId), eq(oauthLogins.refreshLeaseOwner, owner)))
      .catch((e) => logger.warn({ loginId, err: e }, "the refresh lease could not be extended"));
  }, leaseMs() / 3);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * At a stop: gives back the leases the process `pid` on this machine still holds — this one,
 * or the web server it ran, ended at the end of the grace time in the middle of a refresh —
 * so the next refresh need not wait for them to run out. Its call may have reached Exact, so
 * each refresh is marked in doubt, as a lease taken over after it ran out is. Returns how many.
 */
export async function releaseLeasesOf(pid: number = process.pid): Promise<number> {
  const released = await getDb()
    .update(oauthLogins)
    .set({
      refreshLeaseOwner: null,
      refreshLeaseUntil: null,
      refreshInDoubtAt: sql`coalesce(${oauthLogins.refreshInDoubtAt}, ${now().toISOString()}::timestamptz)`,
    })
    // starts_with, not LIKE: a host name may hold LIKE's wildcards (_).
    .where(sql`starts_with(${oauthLogins.refreshLeaseOwner}, ${leaseOwnerPrefix(pid)})`)
    .returning({ id: oauthLogins.id });
  for (const { id } of released) await announceTokenChange(id);
  if (released.length) logger.warn({ logins: released.length }, "refresh leases given back at a stop, in doubt");
  return released.length;
}
