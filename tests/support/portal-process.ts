import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import path from "node:path";
import { ROOT } from "./run-script";

const TSX = path.join(ROOT, "node_modules/tsx/dist/cli.mjs");

export type PortalProcess = {
  url: string;
  child: ChildProcess;
  /** Everything it printed so far. */
  output: () => string;
  /** SIGTERM to its process group (the start script, Next), and its exit. */
  stop: () => Promise<void>;
};

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * `npm start`'s script (scripts/start.mts) in a process group of its own, with this process's
 * environment and `env`; what it prints is gathered.
 */
export function spawnStartScript(env: Record<string, string>): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
} {
  const child = spawn(process.execPath, [TSX, "--conditions=react-server", "scripts/start.mts"], {
    cwd: ROOT,
    // Its own process group: the test can stop the start and whatever it spawned at once.
    detached: true,
    env: { ...process.env, ...env },
  });
  let output = "";
  child.stdout?.on("data", (d) => {
    output += d;
  });
  child.stderr?.on("data", (d) => {
    output += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  return { child, output: () => output, exited };
}

/**
 * `npm start`'s script as production runs it (DATABASE_URL given, the existing build), with this
 * process's Exact settings (the test's simulator) and `env`; resolves once /readyz answers 200.
 */
export async function startPortalProcess(env: Record<string, string>): Promise<PortalProcess> {
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const { child, output, exited } = spawnStartScript({
    NODE_OPTIONS: "",
    AUTH_SECRET: randomBytes(32).toString("base64"),
    AUTH_URL: url,
    ENCRYPTION_KEY: process.env.ENCRYPTION_KEY ?? randomBytes(32).toString("base64"),
    NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    SKIP_BUILD: "1",
    PORT: String(port),
    LOG_LEVEL: "warn",
    ...env,
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-(child.pid as number), "SIGTERM");
      } catch {}
      const killed = setTimeout(() => {
        try {
          process.kill(-(child.pid as number), "SIGKILL");
        } catch {}
      }, 30_000);
      await exited;
      clearTimeout(killed);
    }
  };
  const until = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the portal exited (${child.exitCode}):\n${output()}`);
    const ready = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return { url, child, output, stop };
    if (Date.now() > until) {
      await stop();
      throw new Error(`the portal was not ready within 120 s:\n${output()}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
