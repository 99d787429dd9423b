import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { closeDb } from "@/db/client";
import { listEnvironments } from "@/lib/data/environments";
import type { ExactSimulator } from "@/simulator/start-exact-simulator";
import { insertAdministration } from "./administration-row";
import { insertApiKey } from "./api-key-row";
import { SIM_USERS } from "./exact-simulator";
import { linkedLogin } from "./linked-login";
import { type Proc, processes, waitUntil } from "./postgres-processes";
import { ROOT } from "./run-script";
import { actorOf, makeUser } from "./users";

// `npm start` as the README runs it, from a test: its embedded PostgreSQL in a scratch data
// dir on ports of its own, pointed at the test's Exact simulator (startSimulatorForPortal sets
// the EXACT_* settings and the key in this process's environment, which the start inherits).

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port: free } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return free;
}

/** Something accepts connections on the port (the portal, or PostgreSQL). */
export function listening(on: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port: on });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** `pid` and every live process below it: npm, the start script, Next, esbuild, PostgreSQL's. */
export function tree(pid: number): Proc[] {
  const all = processes();
  const found = all.filter((p) => p.pid === pid);
  for (let i = 0; i < found.length; i++) found.push(...all.filter((p) => p.ppid === found[i].pid));
  return found;
}

export type ScratchPortal = { dataDir: string; port: number; pgPort: number; databaseUrl: string };

export async function scratchPortal(prefix: string): Promise<ScratchPortal> {
  const dataDir = mkdtempSync(path.join(tmpdir(), prefix));
  const [port, pgPort] = [await freePort(), await freePort()];
  return { dataDir, port, pgPort, databaseUrl: `postgres://postgres:postgres@127.0.0.1:${pgPort}/koppeling` };
}

export type Started = {
  npm: ChildProcess;
  exited: Promise<{ code: number | null; signal: string | null }>;
  output: () => string;
};

/** `npm start` in a process group of its own, as in a terminal; resolves once /api/health answers. */
export async function npmStart(portal: ScratchPortal, extraEnv: Record<string, string> = {}): Promise<Started> {
  // The test runner's react-server condition and its own database must not leak in.
  const { NODE_OPTIONS: _, DATABASE_URL: __, ...own } = process.env;
  const npm = spawn("npm", ["start", "--silent"], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...own,
      KOPPELING_DATA_DIR: portal.dataDir,
      PORT: String(portal.port),
      EMBEDDED_POSTGRES_PORT: String(portal.pgPort),
      NEXT_TELEMETRY_DISABLED: "1",
      LOG_LEVEL: "warn",
      ...extraEnv,
    },
  });
  let output = "";
  npm.stdout?.on("data", (d) => {
    output += d;
  });
  npm.stderr?.on("data", (d) => {
    output += d;
  });
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    npm.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const healthy = await waitUntil(async () => {
    if (npm.exitCode !== null) return true;
    return fetch(`http://localhost:${portal.port}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
  }, 600_000);
  if (!healthy || npm.exitCode !== null) throw new Error(`npm start did not come up:\n${output}`);
  return { npm, exited, output: () => output };
}

/** Points this process's database at another (the portal's embedded one, and back). */
export async function pointDatabaseAt(url: string | undefined): Promise<void> {
  await closeDb();
  process.env.DATABASE_URL = url;
}

export type ApiLink = { loginId: string; administrationId: string; apiKey: string };

/**
 * In the running portal's database: an admin, a login linked to Marieke through the consent
 * round-trip with the simulator, an administration for it and a read API key.
 */
export async function linkForApi(portal: ScratchPortal, sim: ExactSimulator): Promise<ApiLink> {
  const testDatabaseUrl = process.env.DATABASE_URL;
  await pointDatabaseAt(portal.databaseUrl);
  try {
    const admin = actorOf(await makeUser("admin@example.nl", "admin"));
    const environmentId = (await listEnvironments())[0].id;
    const loginId = await linkedLogin(sim, admin, environmentId, { description: "Marieke", ...SIM_USERS.marieke });
    const administrationId = await insertAdministration({ environmentId, oauthLoginId: loginId });
    const apiKey = (await insertApiKey(environmentId, "Facturatie", "read")).key;
    return { loginId, administrationId, apiKey };
  } finally {
    await pointDatabaseAt(testDatabaseUrl);
  }
}

export { ROOT };
