import { type ChildProcess, spawn } from "node:child_process";
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  type WriteStream,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";

export type Portal = {
  url: string;
  /** Everything the portal printed so far (npm, the start script, Next and the job worker). */
  output: () => string;
  /** Stops it as a person does with Ctrl+C: SIGINT to the whole process group of `npm start`. */
  stop: () => Promise<void>;
  /**
   * Stops it as systemd (KillMode=mixed) or a container's init does: SIGTERM to npm's own pid
   * only; resolves with npm's exit code once it has exited.
   */
  terminate: () => Promise<number | null>;
};

type Options = {
  port: number;
  /** The environment of `npm start`, on top of this process's own (minus its NODE_OPTIONS). */
  env: Record<string, string>;
  /** Every line the portal prints is written here as well. */
  logFile: string;
  /** Lines the caller wants to see as they come (the rest only in the log file). */
  echo?: (line: string) => boolean;
  /** How long the start (a build included) may take until /api/health answers. */
  timeoutMs?: number;
  /**
   * Where the process group is recorded while it runs: a portal left by a test run that was
   * itself killed (so its teardown never ran) is stopped by the next start with the same file.
   */
  pidFile: string;
};

export function stopLeftoverPortal(pidFile: string): void {
  if (!existsSync(pidFile)) return;
  const group = Number(readFileSync(pidFile, "utf8"));
  rmSync(pidFile, { force: true });
  if (!group) return;
  try {
    process.kill(-group, "SIGKILL");
  } catch {}
}

/**
 * The portal's embedded PostgreSQL runs in a process group of its own, out of reach of the
 * group's SIGKILL above: one left running on `pgDataDir` is stopped by its pid file (only when
 * that pid is a postgres on this data dir, not a pid reused since).
 */
export async function stopLeftoverPostgres(pgDataDir: string): Promise<void> {
  const pidFile = path.join(pgDataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  try {
    if (!readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").includes(pgDataDir)) return;
    process.kill(pid, "SIGINT");
  } catch {
    return;
  }
  const until = Date.now() + 15_000;
  while (existsSync(pidFile) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
}

function capture(from: Readable, lines: string[], file: WriteStream, echo: (line: string) => boolean): void {
  createInterface({ input: from, crlfDelay: Number.POSITIVE_INFINITY }).on("line", (line) => {
    lines.push(line);
    file.write(`${line}\n`);
    if (echo(line)) process.stdout.write(`${line}\n`);
  });
}

async function healthy(url: string, server: ChildProcess, lines: string[], timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (server.exitCode !== null || server.signalCode !== null) {
      throw new Error(`npm start exited (${server.exitCode ?? server.signalCode}):\n${lines.slice(-40).join("\n")}`);
    }
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`npm start did not answer /api/health within ${timeoutMs / 1000} s:\n${lines.slice(-40).join("\n")}`);
}

/**
 * Starts the portal the way the README does — `npm start`, with its start script, database,
 * migrations, simulator and job worker, on the production build — and waits for its health.
 */
export async function startPortal(options: Options): Promise<Portal> {
  const url = `http://localhost:${options.port}`;
  stopLeftoverPortal(options.pidFile);
  mkdirSync(path.dirname(options.logFile), { recursive: true });
  const file = createWriteStream(options.logFile);
  const lines: string[] = [];
  // `npm run test:e2e` sets the react-server condition so the test runner can import
  // server-only modules; `npm start` sets its own, so it must not inherit that.
  const { NODE_OPTIONS: _, ...own } = process.env;
  const server = spawn("npm", ["start", "--silent"], {
    // A process group of its own, so a stop reaches npm, the start script, Next and PostgreSQL
    // alike, as Ctrl+C in a terminal does.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...own, NEXT_TELEMETRY_DISABLED: "1", PORT: String(options.port), ...options.env },
  });
  mkdirSync(path.dirname(options.pidFile), { recursive: true });
  writeFileSync(options.pidFile, String(server.pid));
  const echo = options.echo ?? (() => false);
  capture(server.stdout as Readable, lines, file, echo);
  capture(server.stderr as Readable, lines, file, echo);
  const exited = new Promise<number | null>((resolve) => server.once("exit", (code) => resolve(code)));
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-(server.pid as number), signal);
    } catch {}
  };
  const stop = async () => {
    if (server.exitCode === null && server.signalCode === null) {
      signalGroup("SIGINT");
      const killed = setTimeout(() => signalGroup("SIGKILL"), 30_000);
      await exited;
      clearTimeout(killed);
    }
    rmSync(options.pidFile, { force: true });
    await new Promise((r) => file.end(r));
  };
  const terminate = async () => {
    if (server.exitCode === null && server.signalCode === null) server.kill("SIGTERM");
    const code = await exited;
    await stop();
    return code;
  };
  try {
    await healthy(url, server, lines, options.timeoutMs ?? 600_000);
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, output: () => lines.join("\n"), stop, terminate };
}
