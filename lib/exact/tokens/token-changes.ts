import "server-only";
import type postgres from "postgres";
import { getSql } from "@/db/client";
import { logger } from "@/lib/log/logger";

// Wakes the callers that wait for another holder's refresh, in every process, the moment the
// holder stores its pair or gives its lease back (PostgreSQL LISTEN/NOTIFY), instead of at the
// next look at the row. The look at the row stays as the fallback: a lost notification costs
// one poll interval, never a wrong answer.

const CHANNEL = "koppeling_token_changed";
const waiters = new Map<string, Set<() => void>>();
let listening: { sql: postgres.Sql; ready: Promise<unknown> } | undefined;

function listen(): Promise<unknown> {
  const sql = getSql();
  if (listening?.sql !== sql) {
    const ready = sql
      .listen(CHANNEL, (loginId) => {
        const set = waiters.get(loginId);
        waiters.delete(loginId);
        for (const wake of set ?? []) wake();
      })
      .catch((e) => {
        logger.warn({ err: e }, "cannot listen for token changes; waiting callers poll instead");
        listening = undefined;
      });
    listening = { sql, ready };
  }
  return listening.ready;
}

export type TokenChange = { wait: () => Promise<void>; cancel: () => void };

/**
 * Registers now for the next change of the login's tokens or lease; `wait()` resolves on it,
 * or after `fallbackMs` at the latest. Register before looking at the row, so a change that
 * happens in between is not missed.
 */
export function watchTokenChange(loginId: string, fallbackMs: number): TokenChange {
  let wake = () => {};
  const changed = new Promise<void>((resolve) => {
    wake = resolve;
  });
  const set = waiters.get(loginId) ?? new Set();
  set.add(wake);
  waiters.set(loginId, set);
  const cancel = () => {
    set.delete(wake);
    if (set.size === 0 && waiters.get(loginId) === set) waiters.delete(loginId);
  };
  return {
    cancel,
    wait: async () => {
      await listen();
      const timer = new Promise<void>((resolve) => setTimeout(resolve, fallbackMs).unref());
      await Promise.race([changed, timer]);
      cancel();
    },
  };
}

/** Tells every waiting process that the login's tokens or lease changed. */
export async function announceTokenChange(loginId: string): Promise<void> {
  await getSql()
    .notify(CHANNEL, loginId)
    .catch((e) => logger.warn({ loginId, err: e }, "could not announce a token change"));
}
