import path from "node:path";

/**
 * Where a portal without DATABASE_URL keeps what it makes for itself: the embedded
 * PostgreSQL, the generated secrets, the simulator's state. KOPPELING_DATA_DIR, default
 * `.data` in the working directory; a test's portal gets its own, so it never shares a
 * developer's data. The tools (`npm run user:create` …) read the same setting, so beside a
 * portal started with one they are run with it too.
 */
export function dataDir(): string {
  return path.resolve(process.env.KOPPELING_DATA_DIR || ".data");
}
