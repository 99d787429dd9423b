import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { ROOT } from "./run-script";
import type { CallersReport } from "./token-callers-report";

export type TokenCallerProcess = {
  pid: number;
  /** The process has its pool open and waits for a round. */
  ready: Promise<void>;
  /** One round: its callers ask for tokens, all at once. Rejects when the process ends first. */
  round(): Promise<CallersReport>;
  /** Lets the process finish (stdin closed) and waits for it to exit. */
  end(): Promise<void>;
  /** SIGKILL: no clean-up of any kind, as when a machine or container dies. */
  kill(): Promise<void>;
};

const running = new Set<ChildProcess>();
const hasExited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/**
 * Starts tests/support/token-callers.mts in its own Node process: `callers` concurrent
 * getAccessToken calls over `loginIds` per round, with this process's environment (database,
 * encryption key, Exact sites) plus `env`. `node --import tsx`, not npx: a SIGKILL must hit
 * the process that holds the lease, not a wrapper.
 */
export function startTokenCallers(
  loginIds: string[],
  callers: number,
  env: Record<string, string> = {},
): TokenCallerProcess {
  const child = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "tests/support/token-callers.mts", String(callers), ...loginIds],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        LOG_LEVEL: process.env.LOG_LEVEL ?? "silent",
        DATABASE_APPLICATION_NAME: "koppeling-token-callers",
        ...env,
      },
    },
  );
  running.add(child);
  let output = "";
  let markReady: () => void = () => {};
  const waiting: { resolve: (r: CallersReport) => void; reject: (e: Error) => void }[] = [];
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
      resolve(new Error(`token-callers ${child.pid} ended (${code ?? signal}): ${output}`));
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
      if (hasExited(child)) return Promise.reject(new Error(`token-callers ${child.pid} has ended`));
      const report = new Promise<CallersReport>((resolve, reject) => waiting.push({ resolve, reject }));
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

/** Starts `count` caller processes and waits until every one is ready. */
export async function startTokenCallerProcesses(
  count: number,
  loginIds: string[],
  callers: number,
  env: Record<string, string> = {},
): Promise<TokenCallerProcess[]> {
  const processes = Array.from({ length: count }, () => startTokenCallers(loginIds, callers, env));
  await Promise.all(processes.map((p) => p.ready));
  return processes;
}

/** Safety net for a failed test: SIGKILLs every caller process this process started. */
export async function killTokenCallers(): Promise<void> {
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
