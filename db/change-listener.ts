import "server-only";
import postgres from "postgres";

// The database's announcements that a table changed (migration 0016: triggers notify channel
// koppeling_changed with the table's name, at commit, whoever made the change). One dedicated
// connection per process listens; what keeps rows in memory (lib/data/change-cache.ts) asks
// `changesLive()` before trusting them and registers to be told of each change. While the
// connection is down nothing can be trusted: every cache is emptied and bypassed until it
// listens again, so a change missed meanwhile cannot be served from memory.

const CHANNEL = "koppeling_changed";
const RETRY_MS = 1_000;

type Listener = (table: string | null) => void;
type State = {
  url?: string;
  client?: postgres.Sql;
  live: boolean;
  starting: boolean;
  listeners: Set<Listener>;
  retry?: NodeJS.Timeout;
};
const g = globalThis as unknown as { __koppelingChanges?: State };
g.__koppelingChanges ??= { live: false, starting: false, listeners: new Set() };
const state: State = g.__koppelingChanges;

/** `table` changed (null: anything may have changed). */
function announce(table: string | null): void {
  for (const listener of state.listeners) listener(table);
}

function down(): void {
  state.live = false;
  announce(null);
}

function start(url: string): void {
  state.url = url;
  state.starting = true;
  const client = postgres(url, {
    max: 1,
    idle_timeout: 0,
    max_lifetime: null,
    fetch_types: false,
    onnotice: () => {},
    connection: { application_name: `${process.env.DATABASE_APPLICATION_NAME ?? "koppeling"}-changes` },
    onnotify: (channel: string, table: string) => {
      if (channel === CHANNEL) announce(table);
    },
    onclose: () => {
      if (state.client !== client) return;
      down();
      retry(url);
    },
  } as postgres.Options<Record<string, never>>);
  state.client = client;
  client
    .unsafe(`listen ${CHANNEL}`)
    .then(() => {
      if (state.client !== client) return;
      // Whatever changed before this moment was not heard: start from empty caches.
      announce(null);
      state.live = true;
    })
    .catch(() => {
      if (state.client !== client) return;
      down();
      retry(url);
    })
    .finally(() => {
      state.starting = false;
    });
}

function retry(url: string): void {
  if (state.retry) return;
  state.retry = setTimeout(() => {
    state.retry = undefined;
    const old = state.client;
    state.client = undefined;
    void old?.end({ timeout: 0 }).catch(() => {});
    if (state.url === url) start(url);
  }, RETRY_MS);
  state.retry.unref();
}

/**
 * Whether announcements are being heard now; starts listening on first use (and after the
 * database changed: DATABASE_URL is read as the pool reads it).
 */
export function changesLive(): boolean {
  const url = process.env.DATABASE_URL;
  if (!url) return false;
  if (state.url !== url && !state.starting) {
    void stopChangeListener();
    start(url);
  }
  return state.live && state.url === url;
}

let syncRunning: Promise<boolean> | null = null;
let syncFollowing: Promise<boolean> | null = null;

function startSync(): Promise<boolean> {
  const client = state.client;
  syncRunning = (client ? client`select 1`.then(() => state.live && state.client === client) : Promise.resolve(false))
    .catch(() => false)
    .finally(() => {
      syncRunning = null;
    });
  return syncRunning;
}

/**
 * Resolves once every change committed before this call has been heard (true), or false when
 * that cannot be known (not listening). A NOTIFY reaches the listening connection at the latest
 * with the answer to the next query it makes (PostgreSQL signals listeners before it tells the
 * committing session its commit is done, and delivers before ReadyForQuery), so one `select 1`
 * on that connection, begun after this call, is the barrier. Callers that arrive together share
 * one: fifty requests at once make one round trip, not fifty.
 */
export function changesHeard(): Promise<boolean> {
  if (!syncRunning) return startSync();
  syncFollowing ??= syncRunning.then(() => {
    syncFollowing = null;
    return startSync();
  });
  return syncFollowing;
}

/** Calls `listener` with each changed table's name (null: drop everything). */
export function onTableChange(listener: Listener): () => void {
  state.listeners.add(listener);
  return () => state.listeners.delete(listener);
}

/** Stops listening (closeDb calls this); the next changesLive() starts again. */
export async function stopChangeListener(): Promise<void> {
  const client = state.client;
  state.client = undefined;
  state.url = undefined;
  if (state.retry) clearTimeout(state.retry);
  state.retry = undefined;
  down();
  await client?.end({ timeout: 1 }).catch(() => {});
}
