// `npm start`: everything a fresh clone needs to serve the portal.
// Embedded PostgreSQL and generated secrets when DATABASE_URL is unset; build when there is
// no build (or it is from another commit); migrate; first admin; then `next start`.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { closeDb } from "@/db/client";
import { parseKeyring } from "@/lib/crypto/keyring";
import { ensureDefaultEnvironments } from "@/lib/data/environments";
import { SITE_CODES } from "@/lib/exact-sites";
import { startWorker, type Worker } from "@/lib/jobs/start-worker";
import { safeErrorMessage, serializeError } from "@/lib/log/safe-error";
import { checkDatabase } from "@/lib/runtime/check-database";
import { dataDir as resolveDataDir } from "@/lib/runtime/data-dir";
import { ensureFirstAdmin, type FirstAdmin } from "@/lib/runtime/ensure-first-admin";
import { loadOrCreateLocalSecrets } from "@/lib/runtime/local-secrets";
import { migrateDatabase } from "@/lib/runtime/migrate-database";
import { productionSettingsProblems } from "@/lib/runtime/production-settings-problems";
import { saveFirstAdminPassword } from "@/lib/runtime/save-first-admin-password";
import { withServerNodeOptions } from "@/lib/runtime/server-node-options";
import { type EmbeddedPostgresHandle, startEmbeddedPostgres } from "@/lib/runtime/start-embedded-postgres";
import { startMetricsEndpoint } from "@/lib/runtime/start-metrics-endpoint";
import { type ExactSimulator, startExactSimulator } from "../simulator/start-exact-simulator";

const dev = process.argv.includes("--dev");
// DATABASE_URL given by the operator means production (the embedded server sets it later).
const production = Boolean(process.env.DATABASE_URL);
const root = process.cwd();
const dataDir = resolveDataDir();
const shownDataDir = path.relative(root, dataDir) || ".";
const nextBin = path.join(root, "node_modules/next/dist/bin/next");
const started = Date.now();
const say = (line: string) => console.log(`[koppeling] ${line}`);
const seconds = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

let pg: EmbeddedPostgresHandle | undefined;
let server: ChildProcess | undefined;
let worker: Worker | undefined;

class StartError extends Error {}

function buildStamp(): string {
  try {
    return execFileSync("git", ["rev-parse", "HEAD"], { stdio: ["ignore", "pipe", "ignore"] })
      .toString()
      .trim();
  } catch {
    return "no-git";
  }
}

function needsBuild(stamp: string): boolean {
  if (dev || process.env.SKIP_BUILD === "1") return false;
  if (!existsSync(path.join(root, ".next/BUILD_ID"))) return true;
  const stampFile = path.join(root, ".next/koppeling-stamp");
  return !existsSync(stampFile) || readFileSync(stampFile, "utf8") !== stamp;
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, ...args], { stdio: "inherit", env });
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new StartError(`next ${args[0]} failed (exit ${code}).`)),
    );
  });
}

async function prepareDatabase(env: NodeJS.ProcessEnv): Promise<FirstAdmin> {
  if (process.env.DATABASE_URL) {
    const missing = ["AUTH_SECRET", "ENCRYPTION_KEY"].filter((k) => !process.env[k]);
    if (missing.length) {
      throw new StartError(
        `DATABASE_URL is set, so Koppeling runs as production and will not generate secrets: set ${missing.join(" and ")} in the environment (see .env.example).`,
      );
    }
  } else {
    mkdirSync(dataDir, { recursive: true, mode: 0o755 });
    const secrets = loadOrCreateLocalSecrets(dataDir);
    if (secrets.created)
      say(`Generated AUTH_SECRET and ENCRYPTION_KEY into ${path.join(shownDataDir, "secrets.json")} (mode 0600).`);
    env.AUTH_SECRET ??= secrets.authSecret;
    env.ENCRYPTION_KEY ??= secrets.encryptionKey;
    const port = Number(process.env.EMBEDDED_POSTGRES_PORT ?? 54320);
    pg = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "postgres"), port });
    env.DATABASE_URL = pg.url;
    say(`Embedded PostgreSQL is running on 127.0.0.1:${port} (data in ${path.join(shownDataDir, "postgres")}).`);
  }
  try {
    parseKeyring(env.ENCRYPTION_KEY);
  } catch (e) {
    throw new StartError(`${(e as Error).message}.`);
  }
  const url = env.DATABASE_URL as string;
  await checkDatabase(url);
  await migrateDatabase(url);
  process.env.DATABASE_URL = url;
  await ensureDefaultEnvironments();
  const admin = await ensureFirstAdmin();
  await closeDb();
  return admin;
}

function printFirstAdmin(admin: FirstAdmin) {
  if (!admin) return;
  if (production && admin.password) {
    const file = path.resolve(process.env.FIRST_ADMIN_PASSWORD_FILE || path.join(dataDir, "first-admin-password.txt"));
    saveFirstAdminPassword(file, admin.email, admin.password);
    say(
      `First admin created: ${admin.email}. Its password is in ${file}, readable only by this user: sign in, choose your own password, and delete the file.`,
    );
    return;
  }
  say("First admin created. Sign in with:");
  console.log(`  e-mail:   ${admin.email}`);
  console.log(`  password: ${admin.password ?? "(the ADMIN_PASSWORD you set)"}`);
  if (admin.password) say("This password is shown only now; you will be asked to change it at first sign-in.");
}

let simulator: ExactSimulator | undefined;

/**
 * With no Exact app registration configured, the built-in simulator plays every Exact site,
 * in this process, and the portal is pointed at it (and shows a "simulated" badge).
 */
async function prepareExact(env: NodeJS.ProcessEnv, port: string): Promise<void> {
  const configured = ["", ...SITE_CODES.map((s) => `_${s}`)].some((suffix) => process.env[`EXACT_CLIENT_ID${suffix}`]);
  // In production only on purpose (EXACT_SIMULATOR=1; productionSettingsProblems refuses otherwise).
  if (configured) return;
  env.EXACT_REDIRECT_URI ??= `http://localhost:${port}/api/exact/callback`;
  simulator = await startExactSimulator({
    redirectUri: env.EXACT_REDIRECT_URI,
    stateFile: path.join(dataDir, "exact-sim/state.json"),
  });
  for (const app of simulator.apps) {
    const site = app.site as (typeof SITE_CODES)[number];
    // The first app of each site is the portal's registration.
    if (env[`EXACT_CLIENT_ID_${site}`]) continue;
    env[`EXACT_CLIENT_ID_${site}`] = app.clientId;
    env[`EXACT_CLIENT_SECRET_${site}`] = app.clientSecret;
    env[`EXACT_SITE_URL_${site}`] = simulator.siteUrl(site);
  }
  env.EXACT_SIMULATED = "1";
}

function printSimulator() {
  if (!simulator) return;
  say(`No Exact Online app configured: the built-in simulator plays Exact Online at ${simulator.url}.`);
  console.log(`Exact Online simulator user: ${simulator.firstUser.userName}`);
  console.log(`Exact Online simulator password: ${simulator.firstUser.password}`);
}

// Set by the first stop: a signal during the start-up must not leave a server started after it.
let stopping = false;

async function stopAll(code: number): Promise<never> {
  stopping = true;
  if (server && server.exitCode === null && server.signalCode === null) {
    // Its connections must be gone before the database's last user decides to stop it.
    const exited = new Promise((resolve) => server?.once("exit", resolve));
    server.kill("SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000).unref())]);
  }
  await worker?.stop().catch(() => {});
  await simulator?.close().catch(() => {});
  await pg?.stop().catch(() => {});
  process.exit(code);
}

async function main() {
  const problems = productionSettingsProblems(process.env);
  if (problems.length) {
    for (const problem of problems) console.error(`[koppeling] Cannot start: ${problem}`);
    process.exit(1);
  }
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  const port = process.env.PORT ?? "3000";
  const stamp = buildStamp();
  // The build needs no database, so it runs while PostgreSQL starts and migrates.
  let build: Promise<void> = Promise.resolve();
  if (needsBuild(stamp)) {
    say("No current production build: building (about a minute on two cores)...");
    build = run(["build"], { ...env, NODE_ENV: "production" }).then(() =>
      writeFileSync(path.join(root, ".next/koppeling-stamp"), stamp),
    );
  }
  // Printed after the build's output, so the credentials are not lost in it.
  const [admin] = await Promise.all([prepareDatabase(env), build, prepareExact(env, port)]);
  printFirstAdmin(admin);
  printSimulator();
  if (stopping) return;
  say(`Ready to serve after ${seconds()}: http://localhost:${port}`);
  // The preload stamps each request with the client's address (scripts/client-address.cjs).
  const preload = path.join(root, "scripts/client-address.cjs");
  // Out of the box the portal prints a first admin's password: it listens on this machine only,
  // not on the network by accident. In production (DATABASE_URL) on every interface. LISTEN_HOST
  // says otherwise (not HOSTNAME, which containers set to their own id).
  const host = process.env.LISTEN_HOST || (production ? "" : "127.0.0.1");
  say(
    host ? `Listening on ${host}:${port} only (LISTEN_HOST to change).` : `Listening on every interface, port ${port}.`,
  );
  const listen = host ? ["-H", host] : [];
  // This process serves /metrics for itself (the worker) and the web server (over a socket).
  const metrics = await startMetricsEndpoint({
    byDefault: true,
    say,
    warn: (line) => console.warn(`[koppeling] ${line}`),
  });
  server = spawn(process.execPath, ["--require", preload, nextBin, dev ? "dev" : "start", "-p", port, ...listen], {
    stdio: "inherit",
    env: {
      ...env,
      NODE_OPTIONS: withServerNodeOptions(env.NODE_OPTIONS),
      ...(metrics ? { KOPPELING_METRICS_SOCKET: metrics.webSocket } : {}),
    },
  });
  server.on("exit", (code) => void stopAll(code ?? 0));
  // The job worker (keep-alive, notifications) in this process, with the server's settings.
  Object.assign(process.env, env);
  worker = await startWorker();
  say("Job worker running (keep-alive, notifications).");
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (server && server.exitCode === null) server.kill(signal);
    else void stopAll(0);
  });
}

main().catch(async (e) => {
  // One sentence for a person; the stack only when asked for.
  console.error(`[koppeling] Cannot start: ${safeErrorMessage(e)}`);
  if (process.env.DEBUG) console.error(serializeError(e).stack);
  await stopAll(1);
});
