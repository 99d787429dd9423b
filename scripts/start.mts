// `npm start`: everything a fresh clone needs to serve the portal.
// Embedded PostgreSQL and generated secrets when DATABASE_URL is unset; build when there is
// no build (or it is from another commit); migrate; first admin; then `next start`.
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { closeDb } from "@/db/client";
import { parseKeyring } from "@/lib/crypto/keyring";
import { ensureDefaultEnvironments } from "@/lib/data/environments";
import { releaseLeasesOf } from "@/lib/exact/tokens/refresh-lease";
import { SITE_CODES } from "@/lib/exact-sites";
import { startWorker, type Worker } from "@/lib/jobs/start-worker";
import { safeErrorMessage, serializeError } from "@/lib/log/safe-error";
import { withBuildLock } from "@/lib/runtime/build-lock";
import { buildIsStale, buildStamp, writeBuildStamp } from "@/lib/runtime/build-stamp";
import { checkDatabase } from "@/lib/runtime/check-database";
import { dataDir as resolveDataDir } from "@/lib/runtime/data-dir";
import { ensureFirstAdmin, type FirstAdmin } from "@/lib/runtime/ensure-first-admin";
import { loadOrCreateLocalSecrets } from "@/lib/runtime/local-secrets";
import { migrateDatabase } from "@/lib/runtime/migrate-database";
import { productionSettingsProblems } from "@/lib/runtime/production-settings-problems";
import { saveFirstAdminPassword } from "@/lib/runtime/save-first-admin-password";
import { withServerNodeOptions } from "@/lib/runtime/server-node-options";
import { shutdownGraceMs } from "@/lib/runtime/shutdown-grace";
import {
  type EmbeddedPostgresHandle,
  leaveSignalsToCaller,
  startEmbeddedPostgres,
} from "@/lib/runtime/start-embedded-postgres";
import { startMetricsEndpoint } from "@/lib/runtime/start-metrics-endpoint";
import { tracingWanted } from "@/lib/telemetry/active-tracer";
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
let building: ChildProcess | undefined;
let server: ChildProcess | undefined;
let worker: Worker | undefined;

class StartError extends Error {}

function needsBuild(stamp: string): boolean {
  if (dev || process.env.SKIP_BUILD === "1") return false;
  return buildIsStale(root, stamp);
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, ...args], { stdio: "inherit", env });
    building = child;
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
    // In a process group of its own: a stop of ours reaches it last, after the requests in flight.
    pg = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "postgres"), port, ownGroup: true });
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
// Set once everything is started: a signal before that is acted on at the next step of main().
let serving = false;
let stopped: Promise<never> | undefined;

/** The one way out: the first call decides the exit code, later ones wait for the same stop. */
function stopAll(code: number): Promise<never> {
  stopping = true;
  stopped ??= shutDown(code);
  return stopped;
}

/**
 * In order: the web server stops taking requests and finishes those in flight while the
 * worker finishes its jobs (both up to the grace time, then ended); leases they still hold
 * are given back; the database goes last, once nothing of ours uses it.
 */
async function shutDown(code: number): Promise<never> {
  const graceMs = shutdownGraceMs();
  building?.kill("SIGTERM");
  await Promise.all([stopServer(graceMs), worker?.stop(graceMs).catch(() => {})]);
  if (worker || server) {
    const pids = [process.pid, ...(server?.pid ? [server.pid] : [])];
    for (const pid of pids) {
      await releaseLeasesOf(pid).catch((e) => say(`Refresh leases could not be given back: ${safeErrorMessage(e)}.`));
    }
  }
  // Our own connections closed, or the embedded database would see a user and stay up.
  await closeDb().catch(() => {});
  await simulator?.close().catch(() => {});
  const leftRunning = await pg?.stop().catch((e) => safeErrorMessage(e));
  if (leftRunning) say(`The embedded PostgreSQL is left running: ${leftRunning}.`);
  if (serving) say("Stopped.");
  process.exit(code);
}

/** Next.js on SIGTERM stops listening and exits once the requests in flight are answered. */
async function stopServer(graceMs: number): Promise<void> {
  const child = server;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const late = setTimeout(() => {
    say(`Requests still running after ${graceMs / 1000} s (SHUTDOWN_GRACE_SECONDS): ending them.`);
    child.kill("SIGKILL");
  }, graceMs);
  await exited;
  clearTimeout(late);
}

async function main() {
  // Names this start in the refresh leases it and its web server hold (lib/exact/tokens/refresh-lease.ts).
  process.env.KOPPELING_START_ID ??= randomUUID();
  const problems = productionSettingsProblems(process.env);
  if (problems.length) {
    for (const problem of problems) console.error(`[koppeling] Cannot start: ${problem}`);
    process.exit(1);
  }
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  const port = process.env.PORT ?? "3000";
  const stamp = buildStamp(env);
  // The build needs no database, so it runs while PostgreSQL starts and migrates.
  let build: Promise<void> = Promise.resolve();
  if (needsBuild(stamp)) {
    // Instances started together in one checkout: one builds, the others wait and use its build.
    build = withBuildLock(
      root,
      async () => {
        if (!buildIsStale(root, stamp)) return;
        say("No current production build: building (about a minute on two cores)...");
        await run(["build"], { ...env, NODE_ENV: "production" });
        writeBuildStamp(root, stamp);
      },
      {
        onWait: () => say("Another npm start is building in this directory: waiting for its build..."),
        stopping: () => stopping,
      },
    );
  }
  // Printed after the build's output, so the credentials are not lost in it.
  // All three settle before a failure counts: a stop must know the database it started.
  const settled = await Promise.allSettled([prepareDatabase(env), build, prepareExact(env, port)]);
  const failed = settled.find((r) => r.status === "rejected");
  if (failed) throw failed.reason;
  const admin = (settled[0] as PromiseFulfilledResult<FirstAdmin>).value;
  printFirstAdmin(admin);
  printSimulator();
  if (stopping) return stopAll(0);
  say(`Ready to serve after ${seconds()}: http://localhost:${port}`);
  // The preloads stamp each request with the client's address (scripts/client-address.cjs) and
  // close kept-alive connections without a race with a load balancer on a stop
  // (scripts/keep-alive-drain.cjs).
  const preloads = ["client-address.cjs", "keep-alive-drain.cjs"].flatMap((file) => [
    "--require",
    path.join(root, "scripts", file),
  ]);
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
  // A stop asked for meanwhile: no server is started after it.
  if (stopping) return stopAll(0);
  // Idle connections are closed after 5 s, said here rather than left to Node's default: a load
  // balancer must close its own first (deploy/nginx.conf: 4 s), or it may write into one closing.
  const keepAlive = dev ? [] : ["--keepAliveTimeout", "5000"];
  server = spawn(process.execPath, [...preloads, nextBin, dev ? "dev" : "start", "-p", port, ...keepAlive, ...listen], {
    stdio: "inherit",
    env: {
      ...env,
      NODE_OPTIONS: withServerNodeOptions(env.NODE_OPTIONS),
      ...(metrics ? { KOPPELING_METRICS_SOCKET: metrics.webSocket } : {}),
    },
  });
  // Next.js exits 143 or 130 after a SIGTERM or SIGINT (ours, or one sent to it directly): a stop.
  server.on("exit", (code) => void stopAll(stopping || code === 143 || code === 130 ? 0 : (code ?? 1)));
  // The job worker (keep-alive, notifications) in this process, with the server's settings.
  Object.assign(process.env, env);
  // Its calls to Exact traced too, when traces are asked for.
  if (tracingWanted()) (await import("@/lib/telemetry/start-tracing")).startTracing("koppeling-worker");
  worker = await startWorker();
  say("Job worker running (keep-alive, notifications).");
  serving = true;
  if (stopping) await stopAll(0);
}

// What a service manager, a container runtime or Ctrl+C sends, to this process, to npm (which
// passes it on) or to the whole group: each process of ours gets it once or twice; one stop.
leaveSignalsToCaller();
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    if (!stopping) say(`${signal}: stopping (requests in flight and jobs get up to ${shutdownGraceMs() / 1000} s)...`);
    stopping = true;
    if (serving) void stopAll(0);
    // Still starting: a build is ended; main() stops at its next step.
    else building?.kill("SIGTERM");
  });
}

main().catch(async (e) => {
  if (!stopping) {
    // One sentence for a person; the stack only when asked for.
    console.error(`[koppeling] Cannot start: ${safeErrorMessage(e)}`);
    if (process.env.DEBUG) console.error(serializeError(e).stack);
  }
  await stopAll(stopping ? 0 : 1);
});
