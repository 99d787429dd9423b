import "server-only";
import { beforeCloseDb, getSql } from "@/db/client";
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
/** Past the bound, this many oldest records leave together. */
const DROP_SLICE = 1_000;

// One writer per process, on globalThis: Next bundles this module into several chunks (the
// routes', the pages', instrumentation's), and a stop must flush the buffer the routes filled.
type RecorderState = {
  buffer: ExactCallRecord[];
  timer: NodeJS.Timeout | null;
  writing: Promise<void>;
  dropped: number;
  enabled: boolean;
  stopping: boolean;
  /** After a failed write, a full buffer waits for the retry instead of writing at once. */
  backoffUntil: number;
};
const shared = globalThis as unknown as { __koppelingExactCallRecorder?: RecorderState };
shared.__koppelingExactCallRecorder ??= {
  buffer: [],
  timer: null,
  writing: Promise.resolve(),
  dropped: 0,
  enabled: true,
  stopping: false,
  backoffUntil: 0,
};
const state: RecorderState = shared.__koppelingExactCallRecorder;
// What is buffered is written before the pool closes (the same function each time: a Set keeps one).
beforeCloseDb(flushExactCalls);
// In the web server Next exits the process as soon as its last answer is out: the record of that
// very call is written first (scripts/keep-alive-drain.cjs runs these before the exit it delays).
const beforeExit = globalThis as unknown as { __koppelingBeforeExit?: Set<() => Promise<void>> };
beforeExit.__koppelingBeforeExit ??= new Set();
beforeExit.__koppelingBeforeExit.add(flushExactCalls);

/** Keeps one call's record; written with the next batch. */
export function recordExactCall(record: ExactCallRecord): void {
  if (!state.enabled) return;
  state.buffer.push(record);
  // While the database does not take them the buffer stays bounded: the oldest go first, a
  // slice at a time (a shift per call would move the whole array on every call while it is full).
  if (state.buffer.length > MAX_BUFFERED + DROP_SLICE) {
    state.buffer.splice(0, state.buffer.length - MAX_BUFFERED);
    state.dropped += DROP_SLICE + 1;
  }
  // Once a stop has begun, the calls still in flight are written as they end: the process may
  // exit before a timer would fire.
  const full = state.buffer.length >= FLUSH_ROWS && Date.now() >= state.backoffUntil;
  if (full || state.stopping) void flushExactCalls();
  else if (!state.timer) {
    state.timer = setTimeout(() => void flushExactCalls(), FLUSH_MS);
    // A record waiting never keeps a process alive: a stop flushes it.
    state.timer.unref();
  }
}

/** Writes what is buffered now (after any batch already under way); never throws. */
export function flushExactCalls(): Promise<void> {
  if (state.timer) clearTimeout(state.timer);
  state.timer = null;
  const batch = state.buffer;
  state.buffer = [];
  state.writing = state.writing.then(() => (batch.length ? writeBatch(batch) : undefined));
  return state.writing;
}

/**
 * In a web server (instrumentation.ts): on SIGTERM or SIGINT, what is buffered is written at once,
 * and so is every record of a call that ends during the drain.
 */
export function flushExactCallsOnStop(): void {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      state.stopping = true;
      void flushExactCalls();
    });
  }
}

/** For the bench only: the cost of a pass-through call with and without its record. */
export function setExactCallRecording(on: boolean): void {
  state.enabled = on;
}

async function writeBatch(batch: ExactCallRecord[]): Promise<void> {
  try {
    await insertBatch(batch);
  } catch (e) {
    // The record is an operator's aid, not a ledger: a batch the database refused is logged and
    // kept for one more try, within the buffer's bound.
    logger.warn({ err: e, records: batch.length }, "Exact call records could not be written; kept for the next batch");
    state.buffer = batch.concat(state.buffer);
    const over = state.buffer.length - MAX_BUFFERED;
    if (over > 0) {
      state.buffer = state.buffer.slice(over);
      state.dropped += over;
      logger.warn({ dropped: state.dropped }, "Exact call records dropped: the database is not taking them");
    }
    state.backoffUntil = Date.now() + 5_000;
    if (!state.timer && state.buffer.length) {
      state.timer = setTimeout(() => void flushExactCalls(), 5_000);
      state.timer.unref();
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
