import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, mkdirSync, rmSync, type WriteStream, writeFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { closeDb } from "@/db/client";
import { SYSTEM_ACTOR } from "@/lib/data/actor";
import { ensureDefaultEnvironments } from "@/lib/data/environments";
import { createUser } from "@/lib/data/users";
import { startExactSimulator } from "../../simulator/start-exact-simulator";
import { startSmtpReceiver } from "../../tests/support/smtp-receiver";
import { startTestDatabase } from "../../tests/support/test-database";
import { E2E_ADMIN, E2E_BASE_URL, E2E_MAIL_DIR, E2E_PORT, E2E_SERVER_LOG } from "./constants";

const nextBin = path.resolve("node_modules/next/dist/bin/next");

async function waitForHealth(server: ChildProcess): Promise<void> {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    if (server.exitCode !== null) throw new Error(`next start exited with ${server.exitCode}`);
    try {
      if ((await fetch(`${E2E_BASE_URL}/api/health`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("next start did not become healthy within 60 s");
}

/**
 * Every line the server prints goes to E2E_SERVER_LOG, where specs read what the portal logged
 * (to prove no secret is in it); the console shows what it showed before the log level was
 * raised for that: anything that is not a pino line, and pino lines at warn and above.
 */
function captureOutput(from: Readable, to: Writable, file: WriteStream): void {
  createInterface({ input: from, crlfDelay: Number.POSITIVE_INFINITY }).on("line", (line) => {
    file.write(`${line}\n`);
    let level = 100;
    try {
      level = Number((JSON.parse(line) as { level?: unknown }).level ?? 100);
    } catch {}
    if (level >= 40) to.write(`${line}\n`);
  });
}

// Playwright runs against a production build: `next build`, then `next start`, on a fresh
// database that the specs can also read to assert what a click changed.
export default async function globalSetup() {
  const db = await startTestDatabase("e2e", 54330);
  process.env.DATABASE_URL = db.url;
  process.env.E2E_DATABASE_URL = db.url;
  await ensureDefaultEnvironments();
  await createUser(SYSTEM_ACTOR, { ...E2E_ADMIN, role: "admin", mustChangePassword: false });
  await closeDb();

  // The Exact Online simulator plays every Exact site, with its test controls on.
  const sim = await startExactSimulator({
    port: 0,
    stateFile: null,
    control: true,
    redirectUri: `${E2E_BASE_URL}/api/exact/callback`,
  });
  process.env.E2E_SIM_URL = sim.url;
  const exactEnv: Record<string, string> = {
    EXACT_REDIRECT_URI: `${E2E_BASE_URL}/api/exact/callback`,
    EXACT_SIMULATED: "1",
  };
  for (const app of sim.apps) {
    if (exactEnv[`EXACT_CLIENT_ID_${app.site}`]) continue;
    exactEnv[`EXACT_CLIENT_ID_${app.site}`] = app.clientId;
    exactEnv[`EXACT_CLIENT_SECRET_${app.site}`] = app.clientSecret;
    exactEnv[`EXACT_SITE_URL_${app.site}`] = sim.siteUrl(app.site as Parameters<typeof sim.siteUrl>[0]);
  }

  // A real SMTP server for the portal's notifications; each message it receives is written to
  // E2E_MAIL_DIR as JSON, where the specs (another process) read it.
  rmSync(E2E_MAIL_DIR, { recursive: true, force: true });
  mkdirSync(E2E_MAIL_DIR, { recursive: true });
  let mailCount = 0;
  const smtp = await startSmtpReceiver(undefined, (mail) => {
    writeFileSync(path.join(E2E_MAIL_DIR, `${Date.now()}-${++mailCount}.json`), JSON.stringify(mail));
  });

  // The specs seal tokens and proxy passwords as the portal does (api-keys.spec.ts seeds real
  // ciphertexts and checks the API never answers with their plaintext): they share its key.
  const encryptionKey = randomBytes(32).toString("base64");
  process.env.E2E_ENCRYPTION_KEY = encryptionKey;
  const env = {
    ...process.env,
    ...exactEnv,
    SMTP_URL: smtp.url,
    NOTIFY_EMAIL_FROM: "Koppeling E2E <koppeling@example.test>",
    NOTIFY_EMAIL_TO: "",
    NOTIFY_WEBHOOK_URL: "",
    NOTIFY_WEBHOOK_SECRET: "",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: db.url,
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    ENCRYPTION_KEY: encryptionKey,
    // info: the API's call lines too, into the server log file (captureOutput).
    LOG_LEVEL: "info",
    // The specs' proxies listen on 127.0.0.1, which the proxy guard refuses unless allowed.
    PROXY_ALLOWED_HOSTS: "127.0.0.1",
    // The specs play the one trusted proxy in front: each browser context says which client
    // address it is in X-Forwarded-For, so the suite's sign-ins do not share one address.
    TRUSTED_PROXY_HOPS: "1",
    // `npm run test:e2e` sets the react-server condition so this setup can import server-only
    // modules; Next picks its own conditions per layer, so it must not inherit it.
    NODE_OPTIONS: "",
  };
  if (process.env.E2E_SKIP_BUILD !== "1") {
    const build = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit", env });
    if (build.status !== 0) throw new Error("next build failed");
  }
  process.env.E2E_SERVER_LOG = path.resolve(E2E_SERVER_LOG);
  mkdirSync(path.dirname(E2E_SERVER_LOG), { recursive: true });
  const serverLog = createWriteStream(E2E_SERVER_LOG);
  const preload = path.resolve("scripts/client-address.cjs");
  const server = spawn(process.execPath, ["--require", preload, nextBin, "start", "-p", String(E2E_PORT)], {
    stdio: ["ignore", "pipe", "pipe"],
    env,
  });
  captureOutput(server.stdout, process.stdout, serverLog);
  captureOutput(server.stderr, process.stderr, serverLog);
  await waitForHealth(server);

  return async () => {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
    await new Promise((r) => serverLog.end(r));
    await sim.close();
    await smtp.close();
    await db.stop();
  };
}
