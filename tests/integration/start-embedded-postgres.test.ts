import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { afterAll, afterEach, describe, expect, test } from "vitest";
import { startEmbeddedPostgres } from "@/lib/runtime/start-embedded-postgres";
import {
  answers,
  isRunning,
  postgresProcessesFor,
  postmasterPid,
  startOrphan,
  startOwner,
  stopLeftovers,
  waitUntil,
} from "../support/postgres-processes";
import { ROOT } from "../support/run-script";

// Its own data dir and ports, never the portal's (54320) or the test server's (54329).
const DATA_DIR = path.join(ROOT, `.data/test-orphan-${randomBytes(4).toString("hex")}`);
const PORT = 54341;
const OTHER_PORT = 54342;
const SLOW = 180_000;

async function query<T>(url: string, fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return await fn(sql);
  } finally {
    await sql.end({ timeout: 1 });
  }
}

/** After stop(): no server process for the dir, no pid file, nothing on the port. */
async function expectStopped(port: number) {
  expect(await waitUntil(() => postgresProcessesFor(DATA_DIR).length === 0, 15_000)).toBe(true);
  expect(existsSync(path.join(DATA_DIR, "postmaster.pid"))).toBe(false);
  expect(await answers(`postgres://postgres:postgres@127.0.0.1:${port}/postgres`)).toBe(false);
}

afterEach(() => stopLeftovers(DATA_DIR));
afterAll(() => rmSync(DATA_DIR, { recursive: true, force: true }));

describe("startEmbeddedPostgres", () => {
  // embedded-postgres installs async-exit-hook on import, whose beforeExit handler calls
  // process.exit(0): a failing test run or script would then report success.
  test(
    "leaves no beforeExit handler behind that would turn a failing exit code into 0",
    async () => {
      const before = process.listeners("beforeExit").length;
      const pg = await startEmbeddedPostgres({ dataDir: DATA_DIR, port: PORT, fast: true });
      await pg.stop();
      expect(process.listeners("beforeExit")).toHaveLength(before);
    },
    SLOW,
  );

  test(
    "start, stop, start again: the second start reuses the data",
    async () => {
      const first = await startEmbeddedPostgres({ dataDir: DATA_DIR, port: PORT, database: "reuse", fast: true });
      expect(first.url).toBe(`postgres://postgres:postgres@127.0.0.1:${PORT}/reuse`);
      expect(existsSync(path.join(DATA_DIR, "PG_VERSION"))).toBe(true);
      await query(first.url, (sql) => sql`create table marker (v text); insert into marker values ('kept')`.simple());
      await first.stop();
      await expectStopped(PORT);

      const second = await startEmbeddedPostgres({ dataDir: DATA_DIR, port: PORT, database: "reuse", fast: true });
      expect(await query(second.url, (sql) => sql`select v from marker`)).toEqual([{ v: "kept" }]);
      await second.stop();
      await expectStopped(PORT);
    },
    SLOW,
  );

  test(
    "a server left running by a SIGKILLed parent is adopted on the same port, answers, and stops",
    async () => {
      const orphan = await startOrphan(DATA_DIR, PORT);
      expect(isRunning(orphan.childPid)).toBe(false);
      const pid = postmasterPid(DATA_DIR) as number;
      expect(pid).toBeGreaterThan(0);
      expect(isRunning(pid)).toBe(true);
      await query(orphan.url, (sql) =>
        sql`create table if not exists marker (v text); insert into marker values ('orphan')`.simple(),
      );

      const pg = await startEmbeddedPostgres({ dataDir: DATA_DIR, port: PORT, database: "orphan", fast: true });
      expect(pg.url).toBe(orphan.url);
      expect(await query(pg.url, (sql) => sql`select v from marker`)).toEqual([{ v: "orphan" }]);

      await pg.stop();
      expect(isRunning(pid)).toBe(false);
      await expectStopped(PORT);
    },
    SLOW,
  );

  // The portal's `npm start` owns its server; `npm run user:create` beside it uses the same
  // one and must leave it running. The owner here is a live Node process (on Node 22 and later
  // its /proc comm is MainThread, which once made every live portal look orphaned).
  test(
    "a server whose owner lives is used beside it and left running, on its port or another",
    async () => {
      const owner = await startOwner(DATA_DIR, PORT);
      try {
        const pid = postmasterPid(DATA_DIR) as number;
        const beside = await startEmbeddedPostgres({ dataDir: DATA_DIR, port: PORT, database: "orphan", fast: true });
        expect(beside.url).toBe(owner.url);
        await beside.stop();
        expect(isRunning(pid)).toBe(true);
        expect(await answers(owner.url)).toBe(true);

        await expect(
          startEmbeddedPostgres({ dataDir: DATA_DIR, port: OTHER_PORT, database: "orphan", fast: true }),
        ).rejects.toThrow(`is running on port ${PORT} for a live process; set EMBEDDED_POSTGRES_PORT=${PORT}`);
        expect(isRunning(pid)).toBe(true);
        expect(await answers(owner.url)).toBe(true);
      } finally {
        const exited = new Promise((r) => owner.child.once("exit", r));
        owner.child.kill("SIGKILL");
        await exited;
      }
      // Its owner gone, the next start adopts it and stops it at the end.
      const adopted = await startEmbeddedPostgres({ dataDir: DATA_DIR, port: PORT, database: "orphan", fast: true });
      await adopted.stop();
      await expectStopped(PORT);
    },
    SLOW,
  );

  // `npm run worker` started first owns the server; a portal started after it is a guest. When
  // the owner ends, the server keeps running while the guest still uses it, and stops at the
  // guest's end.
  test(
    "the owner's end leaves the server running while another still uses it; the last one stops it",
    async () => {
      const owner = await startOwner(DATA_DIR, PORT);
      const pid = postmasterPid(DATA_DIR) as number;
      const guest = await startEmbeddedPostgres({ dataDir: DATA_DIR, port: PORT, database: "orphan", fast: true });
      const inUse = postgres(guest.url, { max: 1, onnotice: () => {} });
      try {
        await inUse`select 1`;
        const stopped = new Promise((r) => owner.child.once("exit", r));
        owner.child.stdin?.write("stop\n");
        await stopped;
        expect(isRunning(pid)).toBe(true);
        expect(await inUse`select 'still here' as v`).toEqual([{ v: "still here" }]);
      } finally {
        await inUse.end({ timeout: 1 });
      }
      await guest.stop();
      expect(isRunning(pid)).toBe(false);
      await expectStopped(PORT);
    },
    SLOW,
  );

  test(
    "a server left running on another port is stopped and started again on the asked port",
    async () => {
      const orphan = await startOrphan(DATA_DIR, OTHER_PORT);
      const pid = postmasterPid(DATA_DIR) as number;
      await query(orphan.url, (sql) =>
        sql`create table if not exists moved (v text); insert into moved values ('moved')`.simple(),
      );

      const pg = await startEmbeddedPostgres({ dataDir: DATA_DIR, port: PORT, database: "orphan", fast: true });
      expect(isRunning(pid)).toBe(false);
      expect(await answers(orphan.url)).toBe(false);
      expect(pg.url).toBe(`postgres://postgres:postgres@127.0.0.1:${PORT}/orphan`);
      expect(await query(pg.url, (sql) => sql`select v from moved`)).toEqual([{ v: "moved" }]);

      await pg.stop();
      await expectStopped(PORT);
      await expectStopped(OTHER_PORT);
    },
    SLOW,
  );

  // After a SIGKILL of the whole machine/container, postmaster.pid stays behind and its pid
  // may by then belong to an unrelated process, which is alive but no PostgreSQL: it must not
  // be sent a signal.
  test(
    "a stale postmaster.pid whose pid is now an unrelated process does not get that process killed",
    async () => {
      if (!existsSync(path.join(DATA_DIR, "PG_VERSION"))) {
        await (await startEmbeddedPostgres({ dataDir: DATA_DIR, port: PORT, fast: true })).stop();
      }
      const bystander = spawn("sleep", ["60"], { stdio: "ignore" });
      try {
        writeFileSync(
          path.join(DATA_DIR, "postmaster.pid"),
          `${bystander.pid}\n${DATA_DIR}\n1700000000\n${PORT}\n\n127.0.0.1\n`,
        );
        const pg = await startEmbeddedPostgres({ dataDir: DATA_DIR, port: PORT, database: "orphan", fast: true });
        await pg.stop();
        expect({ exitCode: bystander.exitCode, signal: bystander.signalCode }).toEqual({
          exitCode: null,
          signal: null,
        });
      } finally {
        bystander.kill("SIGKILL");
      }
    },
    SLOW,
  );
});
