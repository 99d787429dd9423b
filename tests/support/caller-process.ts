import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { ROOT } from "./run-script";

// A portal-like process for tests of many processes on one PostgreSQL: a script that opens its
// pool, prints READY, and answers each "go" on stdin with one line `RESULT {json}` (token
// callers, pass-through callers). Several of them compete as several portal instances would.

export type CallerProcess<R> = {
  pid: number;
  /** The process has its pool open and waits for a round. */
  ready: Promise<void>;
  /** One round, answered by the script's RESULT. Rejects when the process ends first. */
  round(): Promise<R>;
  /** Lets the process finish (stdin closed) and waits for it to exit. */
  end(): Promise<void>;
  /** SIGKILL: no clean-up of any kind, as when a machine or container dies. */
  kill(): Promise<void>;
};

const running = new Set<ChildProcess>();
const hasExited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/**
 * Starts `script` (under tests/support) in its own Node process with this process's environment
 * (database, encryption key, Exact sites) plus `env`. `node --import tsx`, not npx: a SIGKILL
 * must hit the process itself, not a wrapper.
 */
export function startCallerProcess<R>(script: string, args: string[], env: Record<string, string>): CallerProcess<R> {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", script, ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? "silent", ...env },
  });
  running.add(child);
  const name = `${script} ${child.pid}`;
  let output = "";
  let markReady: () => void = () => {};
  const waiting: { resolve: (r: R) => void; reject: (e: Error) => void }[] = [];
  // Lines, not chunks: a long report arrives in several.
  createInterface({ input: child.stdout }).on("line", (line) => {
    if (line === "READY") markReady();
    else if (line.startsWith("RESULT ")) waiting.shift()?.resolve(JSON.parse(line.slice("RESULT ".length)));
    else output += `${line}\n`;
  });
  child.stderr.on("data", (d) => {
    output += d;
  });
  const exited = new Promise<Error>((resolve) =>
    child.once("exit", (code, signal) => {
      running.delete(child);
      resolve(new Error(`${name} ended (${code ?? signal}): ${output}`));
    }),
  );
  exited.then((e) => {
    for (const w of waiting.splice(0)) w.reject(e);
  });
  const ready = Promise.race([
    new Promise<void>((resolve) => {
      markReady = resolve;
    }),
    exited.then((e) => Promise.reject(e)),
  ]);
  ready.catch(() => {});
  return {
    pid: child.pid as number,
    ready,
    round: () => {
      if (hasExited(child)) return Promise.reject(new Error(`${name} has ended`));
      const report = new Promise<R>((resolve, reject) => waiting.push({ resolve, reject }));
      // A killed process never reports: leaving this unawaited must not be an unhandled rejection.
      report.catch(() => {});
      child.stdin.write("go\n");
      return report;
    },
    end: async () => {
      child.stdin.end();
      await exited;
    },
    kill: async () => {
      if (!hasExited(child)) child.kill("SIGKILL");
      await exited;
    },
  };
}

/** Safety net for a failed test: SIGKILLs every caller process this process started. */
export async function killCallerProcesses(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (hasExited(child)) return resolve();
          child.once("exit", () => resolve());
          child.kill("SIGKILL");
        }),
    ),
  );
}
