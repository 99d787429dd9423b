import { type ChildProcess, spawn } from "node:child_process";
import { ROOT } from "./run-script";
import type { CallersReport } from "./token-callers-report";

export type TokenCallerProcess = {
  pid: number;
  /** The process has its pool open and waits for go(). */
  ready: Promise<void>;
  /** Lets its callers ask for tokens, all at once. */
  go(): void;
  /** What its callers got; rejects when the process ends without saying. */
  report: Promise<CallersReport>;
  /** SIGKILL: no clean-up of any kind, as when a machine or container dies. */
  kill(): Promise<void>;
};

const running = new Set<ChildProcess>();

/**
 * Starts tests/support/token-callers.mts in its own Node process: `callers` concurrent
 * getAccessToken calls over `loginIds`, with the test's environment (database, encryption
 * key, Exact sites) plus `env`. `node --import tsx`, not npx: a SIGKILL must hit the process
 * that holds the lease, not a wrapper.
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
  let out = "";
  let err = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  exited.then(() => running.delete(child));
  const ended = exited.then(() => {
    throw new Error(`token-callers ${child.pid} ended (${child.exitCode ?? child.signalCode}): ${out}${err}`);
  });
  const line = (prefix: string) =>
    Promise.race([
      new Promise<string>((resolve) => {
        const look = () => {
          // Whole lines only: a long report arrives in several chunks.
          const found = out
            .split("\n")
            .slice(0, -1)
            .find((l) => l.startsWith(prefix));
          if (found === undefined) return;
          child.stdout.off("data", look);
          resolve(found.slice(prefix.length));
        };
        child.stdout.on("data", look);
      }),
      ended,
    ]);
  child.stdout.on("data", (d) => {
    out += d;
  });
  child.stderr.on("data", (d) => {
    err += d;
  });
  const ready = line("READY").then(() => {});
  const report = line("RESULT ").then((json) => JSON.parse(json) as CallersReport);
  // Either may be left unawaited (a killed process never reports): no unhandled rejection.
  ready.catch(() => {});
  report.catch(() => {});
  return {
    pid: child.pid as number,
    ready,
    go: () => child.stdin.write("go\n"),
    report,
    kill: async () => {
      child.kill("SIGKILL");
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

/** Safety net for a failed test: SIGKILLs every caller process this test process started. */
export async function killTokenCallers(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once("exit", () => resolve());
          child.kill("SIGKILL");
        }),
    ),
  );
}
