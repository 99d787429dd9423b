import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import type { Page } from "@playwright/test";
import postgres from "postgres";
import { closeDb } from "@/db/client";
import { forgetThisProcess } from "@/lib/exact/api/live-processes";
import type { ExactSimulator } from "@/simulator/start-exact-simulator";
import { SIM_USERS, simControl, simCounters, startSimulatorForPortal } from "../tests/support/exact-simulator";
import { linkedLogin } from "../tests/support/linked-login";
import { findNginx, type Nginx, startNginx } from "../tests/support/nginx";
import { startTestDatabase, type TestDatabase } from "../tests/support/test-database";
import { expect, test, unexpectedErrorLines } from "./support/server-console";
import { signIn, userMenu } from "./support/sign-in";
import { type Portal, startPortal } from "./support/start-portal";
import { seedUser } from "./support/users";

// Three portal instances, each `npm start` in the production form on one PostgreSQL, behind a
// real nginx configured by the shipped deploy/nginx.conf, sharing one Exact simulator. People
// (real Chromium: sign in, browse, save a form through a server action) and another system (an
// API key: listings and the pass-through to Exact) use the portal while each instance in turn
// gets SIGTERM, is awaited to stop, and is started again and ready before the next. Exact's
// clock moves on during the run, so both logins fall due and are refreshed while instances stop.

const NGINX = findNginx();
const NGINX_PORT = 3230;
const PORTS = [3231, 3232, 3233];
const METRICS_PORTS = [9481, 9482, 9483];
const PUBLIC_URL = `http://localhost:${NGINX_PORT}`;
const ADMIN = { email: "rolling-admin@example.test", password: "rolling-admin-password-1" };
/** What must never reach a person or another system, in a response or a server's console. */
const ACTION_MISSING = "Failed to find Server Action";

let db: TestDatabase;
let sim: ExactSimulator;
let nginx: Nginx | undefined;
let sql: postgres.Sql;
let env: Record<string, string>;
const environmentBefore = { ...process.env };
/** The running instance on each port, and everything every start of it printed. */
const instances: Portal[] = [];
const consoles: (() => string)[] = [];

test.describe.configure({ mode: "serial" });
const NO_NGINX = "nginx is not installed (looked in /usr/sbin and PATH): `apt-get install nginx` to run it";
if (NGINX === null) console.log(`rolling restart skipped: ${NO_NGINX}`);
test.skip(NGINX === null, NO_NGINX);

/** This process's database (the data layer the link is made with) pointed at `url`. */
async function pointDatabaseAt(url: string | undefined): Promise<void> {
  await closeDb();
  if (url === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = url;
}

function startInstance(i: number): Promise<Portal> {
  const name = `.data/e2e-rolling-${i}`;
  return startPortal({
    port: PORTS[i],
    env: { ...env, METRICS_PORT: String(METRICS_PORTS[i]), KOPPELING_DATA_DIR: name },
    logFile: `${name}-${consoles.length}.log`,
    pidFile: `${name}.pid`,
  }).then((portal) => {
    instances[i] = portal;
    consoles.push(portal.output);
    return portal;
  });
}

async function ready(i: number): Promise<boolean> {
  const answer = await fetch(`http://localhost:${PORTS[i]}/readyz`).catch(() => null);
  return answer?.status === 200;
}

test.beforeAll(async () => {
  if (NGINX === null) return;
  test.setTimeout(600_000);
  console.log(`rolling restart: nginx at ${NGINX}, deploy/nginx.conf in front of ports ${PORTS.join(", ")}`);
  db = await startTestDatabase("e2e_rolling", 54333, { migrate: false });
  // One simulator for all three, in this process (its EXACT_* settings and the key go into this
  // process's environment, which each `npm start` inherits).
  sim = await startSimulatorForPortal();
  for (const i of PORTS.keys()) rmSync(`.data/e2e-rolling-${i}`, { recursive: true, force: true });
  // The same secrets everywhere; each instance its own port, metrics port and data dir.
  env = {
    DATABASE_URL: db.url,
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    ENCRYPTION_KEY: process.env.ENCRYPTION_KEY as string,
    NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    AUTH_URL: PUBLIC_URL,
    TRUSTED_PROXY_HOPS: "1",
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: "warn",
    // The e2e portal built (or checked) .next: the three serve that one build.
    SKIP_BUILD: "1",
  };
  // The first migrates and makes the environments and the first admin; the others join it.
  await startInstance(0);
  await Promise.all([startInstance(1), startInstance(2)]);
  nginx = await startNginx(NGINX, NGINX_PORT, PORTS);

  sql = postgres(db.url, { max: 2, onnotice: () => {} });
  await pointDatabaseAt(db.url);
  const [admin] = await sql<{ id: string; email: string }[]>`select id, email from users where email = ${ADMIN.email}`;
  const [productie] = await sql<{ id: string }[]>`select id from environments where name = 'Productie'`;
  for (const user of [SIM_USERS.marieke, SIM_USERS.pieter]) {
    const loginId = await linkedLogin(sim, admin, productie.id, { description: user.userName, ...user });
    await sql`insert into administrations (environment_id, description, oauth_login_id)
      values (${productie.id}, ${user.userName}, ${loginId})`;
  }
  // The links made here registered this process as one that calls Exact: it is not one of the portal's.
  await forgetThisProcess();
  await pointDatabaseAt(environmentBefore.DATABASE_URL);
});

test.afterAll(async () => {
  await Promise.all(instances.map((instance) => instance?.stop()));
  await nginx?.stop();
  await sql?.end();
  await sim?.close();
  await db?.stop();
  // What the simulator set for the instances must not reach the specs after this one.
  for (const key of Object.keys(process.env)) if (!(key in environmentBefore)) delete process.env[key];
  Object.assign(process.env, environmentBefore);
});

type Person = { email: string; password: string; environment: string; page?: Page; saves: number; values: number[] };

test("a rolling restart under load: no failed request, every session still signed in, one token call per login that fell due", async ({
  browser,
}) => {
  test.setTimeout(600_000);
  const failures: string[] = [];
  let stopping = false;

  // The API key made as the README says.
  const { NODE_OPTIONS: _, ...own } = process.env;
  const created = execFileSync(
    "npm",
    ["run", "--silent", "apikey:create", "--", "--environment", "Productie", "--name", "Facturatie"],
    { env: { ...own, DATABASE_URL: db.url }, encoding: "utf8" },
  );
  const apiKey = /API key: (\S+)/.exec(created)?.[1] as string;
  expect(apiKey).toMatch(/^kop_/);
  const administrationIds = (await sql<{ id: string }[]>`select id from administrations order by description`).map(
    (a) => a.id,
  );
  const loginIds = (await sql<{ id: string }[]>`select id from oauth_logins order by description`).map((l) => l.id);

  // Two people, each an admin saving the Algemeen form of an environment of their own.
  const second = await seedUser(sql, { prefix: "rolling-admin-test", role: "admin" });
  const [test_] = await sql<{ id: string }[]>`select id from environments where name = 'Test'`;
  await sql`update users set environment_id = ${test_.id} where id = ${second.id}`;
  const people: Person[] = [
    { ...ADMIN, environment: "Productie", saves: 0, values: [] },
    { email: second.email, password: second.password, environment: "Test", saves: 0, values: [] },
  ];
  for (const [n, person] of people.entries()) {
    // Named in nginx's access log, to follow each person's requests across the instances.
    const context = await browser.newContext({
      baseURL: PUBLIC_URL,
      extraHTTPHeaders: { "x-load-client": `person-${n}` },
    });
    const page = await context.newPage();
    page.on("response", async (response) => {
      if (response.status() >= 500)
        failures.push(`${response.status()} ${response.request().method()} ${response.url()}`);
      if (response.request().headers()["next-action"] !== undefined) {
        const text = await response.text().catch(() => "");
        if (text.includes(ACTION_MISSING)) failures.push(`${ACTION_MISSING}: ${response.url()}`);
      }
    });
    // A request the browser gave up on itself (a prefetch dropped by the next navigation) is not
    // the server's failure; a reset, an empty answer or a refused connection is.
    page.on("requestfailed", (request) => {
      const error = request.failure()?.errorText ?? "";
      if (error !== "net::ERR_ABORTED") failures.push(`${error} ${request.method()} ${request.url()}`);
    });
    await signIn(page, person.email, person.password);
    person.page = page;
  }
  const auditsBefore = await sql<{ n: number }[]>`
    select count(*)::int as n from audit_events where action = 'environment.settings_changed'`;

  async function browse(person: Person) {
    const page = person.page as Page;
    for (let round = 0; !stopping; round++) {
      for (const path of ["/", "/system/oauth-logins", "/system/api-keys"]) {
        await page.goto(path);
        expect(new URL(page.url()).pathname, `${person.email} was sent to sign in again`).not.toBe("/login");
      }
      // The overview's CSV export, streamed through nginx unbuffered.
      const csv = await page.request.get("/api/overview/export");
      expect(csv.status()).toBe(200);
      expect(csv.headers()["content-type"]).toBe("text/csv; charset=utf-8");
      // The Algemeen form, saved through its server action with a value other than the last.
      const value = 8 + (round % 2);
      await page.goto("/system/settings?tab=general");
      // Hydrated (its links' prefetches done): a click before that submits nothing, which a loaded
      // machine met once.
      await page.waitForLoadState("networkidle");
      const form = page.getByRole("form", { name: "Algemeen" });
      await form.getByLabel(/Aantal dagen vooraf/).fill(String(value));
      await form.getByRole("button", { name: "Opslaan" }).click();
      await expect(form.locator("[data-kind=success]")).toHaveText(
        `De instellingen van omgeving ${person.environment} zijn opgeslagen.`,
      );
      person.saves++;
      person.values.push(value);
    }
  }

  let apiCalls = 0;
  async function callApi(caller: number) {
    const paths = [
      "/api/v1/administrations",
      "/api/v1/divisions",
      `/api/v1/administrations/${administrationIds[caller % 2]}/exact/current/Me`,
    ];
    while (!stopping) {
      for (const path of paths) {
        try {
          const answer = await fetch(`${PUBLIC_URL}${path}`, { headers: { authorization: `Bearer ${apiKey}` } });
          const body = await answer.text();
          apiCalls++;
          if (answer.status !== 200) failures.push(`${answer.status} GET ${path}: ${body.slice(0, 200)}`);
        } catch (e) {
          const cause = (e as Error & { cause?: { code?: string; message?: string } }).cause;
          failures.push(`GET ${path}: ${(e as Error).message} ${cause?.code ?? cause?.message ?? ""}`);
        }
      }
      // Each login's calls stay under Exact's 60 a minute.
      await new Promise((r) => setTimeout(r, 1_500));
    }
  }

  const countersBefore = await simCounters(sim);
  const runStarted = new Date();
  const load = [...people.map(browse), callApi(0), callApi(1)];
  const loadSettled = Promise.allSettled(load);
  try {
    for (const i of PORTS.keys()) {
      // Both logins fall due while the second instance stops: Exact's clock ten minutes on, so the
      // access tokens the portal holds are refused and refreshed under the lease.
      if (i === 1) await simControl(sim, "clock", { advanceSeconds: 600 });
      await new Promise((r) => setTimeout(r, 3_000));
      expect(await instances[i].terminate(), `instance ${i} stopped cleanly`).toBe(0);
      expect(await ready(i)).toBe(false);
      await startInstance(i);
      await expect.poll(() => ready(i), { timeout: 60_000 }).toBe(true);
    }
    await new Promise((r) => setTimeout(r, 3_000));
  } finally {
    stopping = true;
  }
  const settled = await loadSettled;
  for (const outcome of settled) if (outcome.status === "rejected") failures.push(String(outcome.reason));

  // Every session still signed in, on whichever instance answers.
  for (const person of people) {
    const page = person.page as Page;
    await page.goto("/");
    expect(new URL(page.url()).pathname).toBe("/");
    await expect(userMenu(page)).toBeVisible();
  }

  // Stopped cleanly, so the calls each instance recorded are in the database.
  for (const i of PORTS.keys()) expect(await instances[i].terminate()).toBe(0);

  const accessLog = nginx?.accessLog() ?? "";
  const served = accessLog.split("\n").filter(Boolean);
  const retried = served.filter((line) => /\[[^\]]*, [^\]]*\]/.test(line));
  // No stickiness: a form one instance served was saved through another (its server action).
  const upstream = (line: string) => /\[([^\]]*)\]/.exec(line)?.[1].split(", ").at(-1);
  const crossed = people.map((_, n) => {
    const own = served.filter((line) => line.endsWith(` person-${n}`) && line.includes("/system/settings?tab=general"));
    return own.filter((line, i) => line.includes(" POST ") && i > 0 && upstream(own[i - 1]) !== upstream(line)).length;
  });
  console.log(
    `rolling restart: ${served.length} requests through nginx (${retried.length} sent on to another instance), ` +
      `${apiCalls} API calls, saves ${people.map((p) => p.saves).join(" + ")} ` +
      `(${crossed.join(" + ")} through another instance than the form's)`,
  );
  expect(failures).toEqual([]);
  expect(served.filter((line) => /^5\d\d /.test(line))).toEqual([]);
  expect(
    crossed.every((n) => n > 0),
    `saves on another instance than the form's: ${crossed}`,
  ).toBe(true);
  const serverConsoles = consoles.map((output) => output()).join("\n");
  expect(serverConsoles).not.toContain(ACTION_MISSING);
  expect(unexpectedErrorLines(serverConsoles, [])).toEqual([]);

  // Every save was made once: one audit event each, and the value last saved is the stored one.
  for (const person of people) expect(person.saves).toBeGreaterThan(0);
  const [audits] = await sql<{ n: number }[]>`
    select count(*)::int as n from audit_events where action = 'environment.settings_changed'`;
  expect(audits.n - auditsBefore[0].n).toBe(people[0].saves + people[1].saves);
  for (const person of people) {
    const [row] = await sql<{ days: number }[]>`
      select expiry_warning_days as days from environments where name = ${person.environment}`;
    expect(row.days).toBe(person.values.at(-1));
  }

  // Each login that fell due: exactly one token call, at Exact and in the portal's record.
  const countersAfter = await simCounters(sim);
  const refreshes = Object.fromEntries(
    Object.entries(countersAfter.token.refresh_token as Record<string, number>)
      .map(([outcome, n]) => [outcome, n - (countersBefore.token.refresh_token[outcome] ?? 0)])
      .filter(([, n]) => n !== 0),
  );
  expect(refreshes).toEqual({ ok: loginIds.length });
  for (const loginId of loginIds) {
    const tokenCalls = await sql<{ status: number }[]>`
      select status from exact_calls where oauth_login_id = ${loginId} and kind = 'token' and at >= ${runStarted}`;
    expect(tokenCalls.map((c) => c.status)).toEqual([200]);
    const [login] = await sql<{ status: string }[]>`select status from oauth_logins where id = ${loginId}`;
    expect(login.status).toBe("active");
  }
});
