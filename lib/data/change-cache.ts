import "server-only";
import { changesHeard, changesLive, onTableChange } from "@/db/change-listener";

// Rows read on every API call (the key, the link) kept in memory, per process, and dropped the
// moment one of the tables they come from changes: the database announces every change at
// commit (db/change-listener.ts, migration 0016), whoever made it — this process, another, a
// script, psql. Before an entry is used, the announcements of every change committed so far
// are waited for (changesHeard: one `select 1` shared by the requests of that moment), so a key
// revoked anywhere is refused by the next request (tests/integration/change-cache.test.ts).
// While announcements are not heard, reads go to the database as before.

/** Most entries kept (the cache is emptied when full: misses are only slower). */
const MAX_ENTRIES = 10_000;
/** A second line of defence only: no entry is used longer than this. */
const MAX_AGE_MS = 60_000;

export type ChangeCache<K, V> = { get: (key: K) => Promise<V>; clear: () => void };

export function changeCache<K, V>(tables: readonly string[], load: (key: K) => Promise<V>): ChangeCache<K, V> {
  const entries = new Map<K, { value: V; at: number }>();
  // Bumped by every change of one of `tables`: a read that began before a change must not be
  // kept after it.
  let generation = 0;
  const clear = () => {
    generation++;
    entries.clear();
  };
  onTableChange((table) => {
    if (table === null || tables.includes(table)) clear();
  });
  return {
    clear,
    async get(key) {
      // Every change committed before this read must have been heard: a key revoked a moment
      // ago, in any process, is refused (one shared round trip on the listening connection).
      if (!changesLive() || !(await changesHeard())) return load(key);
      const hit = entries.get(key);
      if (hit && Date.now() - hit.at < MAX_AGE_MS) return hit.value;
      const before = generation;
      const value = await load(key);
      if (generation === before && changesLive()) {
        if (entries.size >= MAX_ENTRIES) entries.clear();
        entries.set(key, { value, at: Date.now() });
      }
      return value;
    },
  };
}
