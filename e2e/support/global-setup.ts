import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { startSmtpReceiver } from "../../tests/support/smtp-receiver";
import {
  E2E_ADMIN,
  E2E_DATA_DIR,
  E2E_MAIL_DIR,
  E2E_PG_PORT,
  E2E_PORT,
  E2E_SERVER_LOG,
  E2E_SIM_PORT,
} from "./constants";
import { jobsHaveRun } from "./jobs";
import { isPinoLine, pinoLevel, unexpectedErrorLines } from "./server-console";
import { startPortal, stopLeftoverPortal, stopLeftoverPostgres } from "./start-portal";

// Playwright runs against the portal as the README starts it: `npm start`, with its embedded
// PostgreSQL, migrations, first admin, built-in Exact simulator and job worker, on the
// production build, in a data directory of its own (never a developer's .data). The specs read
// its database to assert what a click changed, and its console (E2E_SERVER_LOG) to prove what
// it did and did not log.
export default async function globalSetup() {
  // A fresh portal every run, as on a new machine: no database, no secrets, no simulator state
  // (a portal left running by a killed run is stopped first: its pid file is beside the dir).
  const pidFile = `${E2E_DATA_DIR}.pid`;
  stopLeftoverPortal(pidFile);
  // Its PostgreSQL runs in a process group of its own, out of reach of the group's SIGKILL.
  await stopLeftoverPostgres(path.resolve(E2E_DATA_DIR, "postgres"));
  rmSync(E2E_DATA_DIR, { recursive: true, force: true });

  // A real SMTP server for the portal's notifications; each message it receives is written to
  // E2E_MAIL_DIR as JSON, where the specs (another process) read it.
  rmSync(E2E_MAIL_DIR, { recursive: true, force: true });
  mkdirSync(E2E_MAIL_DIR, { recursive: true });
  let mailCount = 0;
  const smtp = await startSmtpReceiver(undefined, (mail) => {
    writeFileSync(path.join(E2E_MAIL_DIR, `${Date.now()}-${++mailCount}.json`), JSON.stringify(mail));
  });

  process.env.E2E_SERVER_LOG = path.resolve(E2E_SERVER_LOG);
  const started = new Date();
  const portal = await startPortal({
    port: E2E_PORT,
    logFile: E2E_SERVER_LOG,
    pidFile,
    // What the console showed before the log level was raised for the specs: the start
    // script's lines and anything at warn and above.
    echo: (line) => !isPinoLine(line) || pinoLevel(line) >= 40,
    env: {
      KOPPELING_DATA_DIR: E2E_DATA_DIR,
      EMBEDDED_POSTGRES_PORT: String(E2E_PG_PORT),
      // The built-in simulator, on a port of its own, with its test controls on.
      EXACT_SIM_PORT: String(E2E_SIM_PORT),
      EXACT_SIM_CONTROL: "1",
      // The first admin the specs sign in as, made by the start as ADMIN_EMAIL documents.
      ADMIN_EMAIL: E2E_ADMIN.email,
      ADMIN_PASSWORD: E2E_ADMIN.password,
      // The jobs run from the first minute: every spec sees a portal whose jobs have run.
      KEEPALIVE_CRON: "* * * * *",
      SMTP_URL: smtp.url,
      NOTIFY_EMAIL_FROM: "Koppeling E2E <koppeling@example.test>",
      NOTIFY_EMAIL_TO: "",
      NOTIFY_WEBHOOK_URL: "",
      NOTIFY_WEBHOOK_SECRET: "",
      // info: the API's call lines too, into the server log file.
      LOG_LEVEL: "info",
      // The specs' proxies listen on 127.0.0.1, which the proxy guard refuses unless allowed.
      PROXY_ALLOWED_HOSTS: "127.0.0.1",
      // The specs' webhook receivers listen on 127.0.0.1: allowed as an operator would allow one.
      WEBHOOK_ALLOWED_HOSTS: "127.0.0.1",
      // The specs play the one trusted proxy in front: each browser context says which client
      // address it is in X-Forwarded-For, so the suite's sign-ins do not share one address.
      TRUSTED_PROXY_HOPS: "1",
      ...(process.env.E2E_SKIP_BUILD === "1" ? { SKIP_BUILD: "1" } : {}),
    },
  });

  // What the specs need of it: its database, its simulator, and the key it generated (the
  // specs seal tokens and proxy passwords as the portal does).
  const databaseUrl = `postgres://postgres:postgres@127.0.0.1:${E2E_PG_PORT}/koppeling`;
  process.env.E2E_DATABASE_URL = databaseUrl;
  process.env.E2E_SIM_URL = `http://127.0.0.1:${E2E_SIM_PORT}`;
  const secrets = JSON.parse(readFileSync(path.join(E2E_DATA_DIR, "secrets.json"), "utf8"));
  process.env.E2E_ENCRYPTION_KEY = secrets.encryptionKey;

  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await jobsHaveRun(sql, started);
  } finally {
    await sql.end();
  }
  // A start, or a first run of the jobs, that logs an error fails the run before any spec.
  const errors = unexpectedErrorLines(portal.output(), []);
  if (errors.length > 0) {
    await portal.stop();
    await smtp.close();
    throw new Error(`the portal logged errors while starting and running its first jobs:\n${errors.join("\n")}`);
  }

  return async () => {
    await portal.stop();
    await smtp.close();
  };
}
