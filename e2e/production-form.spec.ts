import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import postgres from "postgres";
import { ADDRESS_LIMIT } from "@/lib/data/sign-in-throttle";
import { startTestDatabase, type TestDatabase } from "../tests/support/test-database";
import { crawl, expectNoProblems } from "./support/crawl";
import { seedEveryState } from "./support/every-state";
import { jobsHaveRun } from "./support/jobs";
import { accepts, networkAddress } from "./support/network-address";
import { expect, test, unexpectedErrorLines } from "./support/server-console";
import { signIn } from "./support/sign-in";
import { type Portal, startPortal } from "./support/start-portal";

// The production form of `npm start`: DATABASE_URL (CI's PostgreSQL, or a server of the
// tests' own), secrets from the environment, the simulator on purpose (EXACT_SIMULATOR=1),
// no embedded database, no generated secrets. Started as an operator starts it, then crawled
// as the e2e portal is, its console read for errors.

const PORT = 3220;
const DATA_DIR = ".data/e2e-production";
const ADMIN = { email: "operator@example.test", password: "operator-password-1" };
const VIEWER = { email: "lead@example.test", password: "lead-password-12" };

let db: TestDatabase;
let portal: Portal;
let sql: postgres.Sql;
let env: Record<string, string>;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(600_000);
  db = await startTestDatabase("e2e_production", 54332, { migrate: false });
  rmSync(DATA_DIR, { recursive: true, force: true });
  env = {
    DATABASE_URL: db.url,
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    EXACT_SIMULATOR: "1",
    EXACT_REDIRECT_URI: `http://localhost:${PORT}/api/exact/callback`,
    AUTH_URL: `http://localhost:${PORT}`,
    NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    EXACT_SIM_PORT: "4312",
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    KOPPELING_DATA_DIR: DATA_DIR,
    KEEPALIVE_CRON: "* * * * *",
    // The e2e portal built (or checked) .next and serves it: never build under it.
    SKIP_BUILD: "1",
  };
  const started = new Date();
  portal = await startPortal({ port: PORT, env, logFile: `${DATA_DIR}.log`, pidFile: `${DATA_DIR}.pid` });
  sql = postgres(db.url, { max: 2, onnotice: () => {} });
  // A team lead made with the README's tool, against the production database.
  const { NODE_OPTIONS: _, ...own } = process.env;
  const out = execFileSync(
    "npm",
    [
      "run",
      "--silent",
      "user:create",
      "--",
      "--email",
      VIEWER.email,
      "--name",
      "Teamleider",
      "--role",
      "viewer",
      "--password",
      VIEWER.password,
    ],
    { env: { ...own, DATABASE_URL: db.url }, encoding: "utf8" },
  );
  expect(out).toContain(`Created viewer ${VIEWER.email}.`);
  const environments = await sql<{ id: string; name: string }[]>`select id, name from environments order by sort_order`;
  for (const e of environments) await seedEveryState(sql, e.id, `Productie-vorm ${e.name}`);
  await jobsHaveRun(sql, started);
});

test.afterAll(async () => {
  await sql?.end();
  await portal?.stop();
  await db?.stop();
});

test("in production it listens on every interface, its network address too", async () => {
  const address = networkAddress();
  test.skip(address === null, "this machine has no network address besides loopback");
  expect(await accepts(address as string, PORT)).toBe(true);
  expect((await fetch(`http://${address}:${PORT}/api/health`)).status).toBe(200);
});

test("answers its health, and every page answers for admin and viewer in both environments", async ({ browser }) => {
  test.setTimeout(300_000);
  expect((await fetch(`${portal.url}/api/health`)).status).toBe(200);
  const environments = await sql<{ id: string; name: string }[]>`select id, name from environments order by sort_order`;
  expect(environments.map((e) => e.name)).toEqual(["Productie", "Test"]);
  for (const user of [ADMIN, VIEWER]) {
    for (const environment of environments) {
      await sql`update users set environment_id = ${environment.id} where email = ${user.email}`;
      const context = await browser.newContext({ baseURL: portal.url });
      const page = await context.newPage();
      await signIn(page, user.email, user.password);
      await expect(page.getByLabel("Omgeving").locator("option:checked")).toHaveText(environment.name);
      const visits = await crawl(page, portal.url, [
        { path: "/account/password", status: 200 },
        { path: "/no-access", status: 403 },
        { path: "/deze-pagina-bestaat-niet", status: 404 },
      ]);
      await context.close();
      expect(visits.length).toBeGreaterThanOrEqual(user === ADMIN ? 9 : 7);
      expectNoProblems(visits);
    }
  }
  // Its console, from the start on: no error line.
  expect(unexpectedErrorLines(portal.output(), [])).toEqual([]);
});

// Sign-in throttling as deployed: TRUSTED_PROXY_HOPS unset, so the portal counts the socket's
// own address and ignores any X-Forwarded-For a client writes (this instance is the one to
// lock out: the e2e portal trusts one proxy hop so its specs can each be a client of their own).
test("more than twenty failed sign-ins from one client lock its address, whatever X-Forwarded-For it writes", async ({
  playwright,
}) => {
  const client = await playwright.request.newContext({ baseURL: portal.url });
  const attempt = async (email: string, password: string, forged: string) => {
    const { csrfToken } = (await (await client.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const response = await client.post("/api/auth/callback/credentials", {
      form: { email, password, csrfToken, callbackUrl: "/" },
      headers: { "x-forwarded-for": forged },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(302);
    return response.headers().location ?? "";
  };
  // Each with an e-mail of its own, so no e-mail's own delay is what refuses it.
  for (let i = 1; i <= ADDRESS_LIMIT; i++) {
    const location = await attempt(`nobody-${i}@example.test`, "wrong-password-1", `203.0.113.${i}`);
    expect(location).toMatch(/[?&]error=CredentialsSignin(&|$)/);
    expect(location).not.toMatch(/[?&]code=throttled(&|$)/);
  }
  // The next one is refused before its password is looked at: the right one of a real user.
  const location = await attempt(VIEWER.email, VIEWER.password, "203.0.113.99");
  expect(location).toMatch(/[?&]code=throttled(&|$)/);
  expect((await client.storageState()).cookies.some((c) => /session-token/.test(c.name))).toBe(false);
  // Counted against the socket's address, never against an address the client wrote (every
  // attempt counts against an address, the refused one too).
  const counted = await sql<{ key: string; failures: number }[]>`
    select key, failures from sign_in_throttle where key like 'address:%'`;
  expect([...counted]).toEqual([
    { key: expect.stringMatching(/^address:(127\.0\.0\.1|::1)$/), failures: ADDRESS_LIMIT + 1 },
  ]);
  await client.dispose();
});
