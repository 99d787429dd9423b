import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { E2E_ADMIN, E2E_BASE_URL, E2E_DATA_DIR, E2E_PG_PORT } from "./support/constants";
import { e2eSql } from "./support/db";
import { expect, test, unexpectedErrorLines } from "./support/server-console";
import { signedInPage } from "./support/sign-in";
import { uniqueSuffix } from "./support/users";

// The README's tools, run as it documents them while the portal serves (the e2e portal was
// started with `npm start`, so they use its embedded PostgreSQL): each does its job, and the
// portal keeps serving. `npm run user:create` beside a live portal once stopped its database.

const sql = e2eSql();
// What an operator sets for the tools: the same settings the portal was started with.
const TOOL_ENV = { KOPPELING_DATA_DIR: E2E_DATA_DIR, EMBEDDED_POSTGRES_PORT: String(E2E_PG_PORT) };

function npmRun(args: string[]): ChildProcess {
  // The tools set their own conditions; the test runner's react-server one must not leak in.
  const { NODE_OPTIONS: _, ...own } = process.env;
  // A process group of its own, as a command in a terminal has: Ctrl+C reaches all of it.
  return spawn("npm", ["run", "--silent", ...args], {
    env: { ...own, ...TOOL_ENV },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
}

function tool(...args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = npmRun(args);
    let out = "";
    child.stdout?.on("data", (d) => {
      out += d;
    });
    child.stderr?.on("data", (d) => {
      out += d;
    });
    child.on("exit", (code) => resolve({ code, out }));
  });
}

/** Processes running `npm run worker`'s script (the portal's own worker runs inside `npm start`). */
function workerProcesses(): string[] {
  try {
    return execFileSync("pgrep", ["-f", "scripts/worker.mts"], { encoding: "utf8" }).trim().split("\n");
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

/** The portal still serves: its health, and a signed-in page that reads the database. */
async function portalServes(browser: import("@playwright/test").Browser): Promise<void> {
  const health = await fetch(`${E2E_BASE_URL}/api/health`);
  expect(health.status).toBe(200);
  const { context, page } = await signedInPage(browser, E2E_ADMIN.email, E2E_ADMIN.password);
  const response = await page.goto("/users");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.locator("[data-error-page]")).toHaveCount(0);
  await context.close();
}

test.describe.configure({ mode: "serial" });
test.setTimeout(120_000);

test.afterAll(async () => {
  await sql.end();
});

test("user:create makes a user who can sign in, and the portal keeps serving", async ({ browser }) => {
  const email = `tool-${uniqueSuffix()}@example.test`;
  const password = "tool-user-password-1";
  const created = await tool(
    "user:create",
    "--",
    "--email",
    email,
    "--name",
    "Tool Gebruiker",
    "--role",
    "viewer",
    "--password",
    password,
  );
  expect(created.out).toContain(`Created viewer ${email}.`);
  expect(created.code).toBe(0);
  expect(await sql`select role::text as role from users where email = ${email}`).toEqual([{ role: "viewer" }]);
  await portalServes(browser);
  const { context, page } = await signedInPage(browser, email, password);
  await expect(page.getByRole("navigation", { name: "Hoofdmenu" })).toBeVisible();
  await context.close();
});

test("apikey:create makes a key the API takes; apikey:revoke ends it; the portal keeps serving", async ({
  browser,
}) => {
  const created = await tool("apikey:create", "--", "--environment", "Productie", "--name", `Tool ${uniqueSuffix()}`);
  expect(created.code).toBe(0);
  const key = created.out.match(/^API key: (kop_\S+)$/m)?.[1] as string;
  expect(key).toMatch(/^kop_[0-9a-f]{10}_/);
  const call = () => fetch(`${E2E_BASE_URL}/api/v1/administrations`, { headers: { authorization: `Bearer ${key}` } });
  expect((await call()).status).toBe(200);
  await portalServes(browser);

  const revoked = await tool("apikey:revoke", "--", key.slice(4, 14));
  expect(revoked.code).toBe(0);
  expect((await call()).status).toBe(401);
  await portalServes(browser);
});

test("keys:rotate and db:migrate do their work beside it, and the portal keeps serving", async ({ browser }) => {
  const rotated = await tool("keys:rotate");
  expect(rotated.out).toMatch(/Re-encrypted \d+ secret\(s\) with key /);
  expect(rotated.code).toBe(0);
  await portalServes(browser);

  const migrated = await tool("db:migrate");
  expect(migrated.out).toContain("Migrations applied.");
  expect(migrated.code).toBe(0);
  await portalServes(browser);
});

test("a second `npm run worker` works the queue beside the portal's, and stops without stopping it", async ({
  browser,
}) => {
  const worker = npmRun(["worker"]);
  let out = "";
  worker.stdout?.on("data", (d) => {
    out += d;
  });
  worker.stderr?.on("data", (d) => {
    out += d;
  });
  await expect.poll(() => out, { timeout: 60_000 }).toContain("Working the job queue");
  await portalServes(browser);
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    worker.once("exit", (code, signal) => resolve({ code, signal })),
  );
  // Ctrl+C, as an operator stops it: SIGINT to the command's whole process group. npm itself
  // may end by the signal or with the worker's 0; the worker must be gone either way.
  process.kill(-(worker.pid as number), "SIGINT");
  const { code, signal } = await exited;
  expect(code === 0 || signal === "SIGINT", `exit ${code}, signal ${signal}`).toBe(true);
  await expect.poll(() => workerProcesses(), { timeout: 15_000 }).toEqual([]);
  expect(unexpectedErrorLines(out, [])).toEqual([]);
  await portalServes(browser);
});
