import "server-only";
import { getSql } from "@/db/client";
import { logger } from "@/lib/log/logger";
import type { ExactCallRecord } from "./call-subject";

// The call record's writer. A call to Exact must not wait for its own record: records are
// buffered here and written together, one INSERT per FLUSH_MS or per FLUSH_ROWS, off the request
// path. A pass-through call pays a push onto an array. What has not been written when the
// process stops is written by flushExactCalls (the worker's and the server's stop call it).

/** A batch leaves at most this long after its first record... */
const FLUSH_MS = 200;
/** ...or at once when this many are waiting. */
const FLUSH_ROWS = 500;
/** When the database cannot keep up (or is away), older records are dropped past this many. */
const MAX_BUFFERED = 50_000;

let buffer: ExactCallRecord[] = [];
let timer: NodeJS.Timeout | null = null;
let writing: Promise<void> = Promise.resolve();
let dropped = 0;
let enabled = true;
let stopping = false;

/** Keeps one call's record; written with the next batch. */
export function recordExactCall(record: ExactCallRecord): void {
  if (!enabled) return;
  buffer.push(record);
  // Once a stop has begun, the calls still in flight are written as they end: the process may
  // exit before a timer would fire.
  if (buffer.length >= FLUSH_ROWS || stopping) void flushExactCalls();
  else if (!timer) {
    timer = setTimeout(() => void flushExactCalls(), FLUSH_MS);
    // A record waiting never keeps a process alive: a stop flushes it.
    timer.unref();
  }
}

/** Writes what is buffered now (after any batch already under way); never throws. */
export function flushExactCalls(): Promise<void> {
  if (timer) clearTimeout(timer);
  timer = null;
  const batch = buffer;
  buffer = [];
  writing = writing.then(() => (batch.length ? writeBatch(batch) : undefined));
  return writing;
}

/**
 * In a web server (instrumentation.ts): on SIGTERM or SIGINT, what is buffered is written at once,
 * and so is every record of a call that ends during the drain.
 */
export function flushExactCallsOnStop(): void {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      stopping = true;
      void flushExactCalls();
    });
  }
}

/** For the bench only: the cost of a pass-through call with and without its record. */
export function setExactCallRecording(on: boolean): void {
  enabled = on;
}

async function writeBatch(batch: ExactCallRecord[]): Promise<void> {
  try {
    await insertBatch(batch);
  } catch (e) {
    // The record is an operator's aid, not a ledger: a batch the database refused is logged and
    // kept for one more try, within the buffer's bound.
    logger.warn({ err: e, records: batch.length }, "Exact call records could not be written; kept for the next batch");
    buffer = batch.concat(buffer);
    const over = buffer.length - MAX_BUFFERED;
    if (over > 0) {
      buffer = buffer.slice(over);
      dropped += over;
      logger.warn({ dropped }, "Exact call records dropped: the database is not taking them");
    }
    if (!timer && buffer.length) {
      timer = setTimeout(() => void flushExactCalls(), 5_000);
      timer.unref();
    }
  }
}

/** One INSERT for the whole batch: fourteen arrays, unnested. */
async function insertBatch(batch: ExactCallRecord[]): Promise<void> {
  const col = <K extends keyof ExactCallRecord>(k: K) => batch.map((r) => r[k]);
  const sql = getSql();
  await sql`
    insert into exact_calls
      (at, oauth_login_id, administration_id, division, kind, on_behalf, api_key_prefix,
       method, path, status, duration_ms, ok, error)
    select * from unnest(
      ${sql.array(col("at").map((d) => d.toISOString()))}::timestamptz[],
      ${sql.array(col("loginId"))}::uuid[],
      ${sql.array(col("administrationId") as string[])}::uuid[],
      ${sql.array(col("division") as number[])}::integer[],
      ${sql.array(col("kind"))}::text[],
      ${sql.array(col("onBehalf"))}::text[],
      ${sql.array(col("apiKeyPrefix") as string[])}::text[],
      ${sql.array(col("method"))}::text[],
      ${sql.array(col("path"))}::text[],
      ${sql.array(col("status") as number[])}::smallint[],
      ${sql.array(col("durationMs"))}::integer[],
      ${sql.array(col("ok"))}::boolean[],
      ${sql.array(col("error") as string[])}::text[]
    )`;
}
