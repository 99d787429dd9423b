import { type ChildProcess, spawn } from "node:child_process";
import { ROOT } from "./run-script";

/** `npm run worker`: scripts/worker.mts in a process of its own, with this process's environment and `env`. */
export function startWorkerProcess(env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/worker.mts"], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "inherit", "inherit"],
  });
}

/** Ctrl+C for the worker, as an operator stops it; resolves once the process is gone. */
export async function stopWorkerProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}
