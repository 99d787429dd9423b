import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./run-script";

export type Proc = { pid: number; ppid: number; args: string };

/** Live (not zombie) processes. */
export function processes(): Proc[] {
  return execFileSync("ps", ["-eo", "pid=,ppid=,stat=,args="], { encoding: "utf8" })
    .split("\n")
    .map((line) => line.trim().match(/^(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/))
    .filter((m): m is RegExpMatchArray => m !== null && !m[3].startsWith("Z"))
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[4] }));
}

export function isRunning(pid: number): boolean {
  return processes().some((p) => p.pid === pid);
}

/** The postmaster started on `dataDir` and its server processes, if any are left. */
export function postgresProcessesFor(dataDir: string): Proc[] {
  const all = processes();
  const postmasters = all.filter((p) => p.args.includes(`-D ${dataDir}`));
  return [...postmasters, ...all.filter((p) => postmasters.some((m) => m.pid === p.ppid))];
}

/** The pid in `dataDir/postmaster.pid`, while there is one. */
export function postmasterPid(dataDir: string): number | undefined {
  const file = path.join(dataDir, "postmaster.pid");
  return existsSync(file) ? Number(readFileSync(file, "utf8").split("\n")[0]) : undefined;
}

export { answers } from "@/lib/runtime/start-embedded-postgres";

export async function waitUntil(check: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

/**
 * Runs tests/support/start-orphan-postgres.mts in a child process until it prints the URL:
 * the child owns the server it started, as a running portal does, until it is killed.
 */
export function startOwner(dataDir: string, port: number): Promise<{ url: string; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    // node --import tsx, not npx tsx: the owner must be the process that started PostgreSQL.
    const child = spawn(
      process.execPath,
      [
        "--conditions=react-server",
        "--import",
        "tsx",
        "tests/support/start-orphan-postgres.mts",
        dataDir,
        String(port),
      ],
      {
        cwd: ROOT,
        stdio: ["pipe", "pipe", "pipe"],
      },
    );
    let out = "";
    let err = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the owner printed no URL in time: ${out}${err}`));
    }, 90_000);
    child.stderr.on("data", (d) => {
      err += d;
    });
    child.stdout.on("data", (d) => {
      out += d;
      const url = out.match(/^URL (\S+)$/m)?.[1];
      if (!url) return;
      clearTimeout(timer);
      resolve({ url, child });
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the owner exited (${code ?? signal}) before printing a URL: ${out}${err}`));
    });
  });
}

/** Kills the process that started a server with SIGKILL: the server is left behind without its owner. */
export async function startOrphan(dataDir: string, port: number): Promise<{ url: string; childPid: number }> {
  const { url, child } = await startOwner(dataDir, port);
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL");
  await exited;
  return { url, childPid: child.pid as number };
}

/** Safety net for a failed test: stops a postmaster still running on `dataDir` (one this test started). */
export async function stopLeftovers(dataDir: string): Promise<void> {
  for (const p of postgresProcessesFor(dataDir).filter((p) => p.args.includes(`-D ${dataDir}`))) {
    try {
      process.kill(p.pid, "SIGINT");
    } catch {}
    await waitUntil(() => !isRunning(p.pid), 15_000);
  }
}
