import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, test } from "vitest";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { verifyPassword } from "@/lib/auth/password";
import { saveFirstAdminPassword } from "@/lib/runtime/save-first-admin-password";
import { resetDatabase } from "../support/reset-database";
import { ROOT } from "../support/run-script";

beforeEach(resetDatabase);

const TSX = path.join(ROOT, "node_modules/tsx/dist/cli.mjs");

/** `npm start`'s script as production starts it: DATABASE_URL and the secrets given. */
function start(env: Record<string, string>): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
} {
  const child = spawn(process.execPath, [TSX, "--conditions=react-server", "scripts/start.mts"], {
    cwd: ROOT,
    // Its own process group: the test can stop the start and whatever it spawned at once.
    detached: true,
    env: {
      ...process.env,
      AUTH_SECRET: randomBytes(32).toString("base64"),
      ENCRYPTION_KEY: randomBytes(32).toString("base64"),
      LOG_LEVEL: "silent",
      ...env,
    },
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

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("npm start in production (DATABASE_URL set) refuses unsafe settings", () => {
  test("each refusal is one sentence naming the variable; nothing is started or written", async () => {
    const { output, exited } = start({
      DATABASE_URL: process.env.DATABASE_URL as string,
      EXACT_SITE_URL_NL: "http://exact.example.com",
      EXACT_CLIENT_ID: "",
      EXACT_REDIRECT_URI: "",
      AUTH_URL: "",
    });
    expect(await exited).toBe(1);
    const lines = output().trim().split("\n");
    expect(lines).toEqual([
      expect.stringMatching(
        /^\[koppeling\] Cannot start: DATABASE_URL is set, .* will not simulate Exact Online: set EXACT_CLIENT_ID/,
      ),
      expect.stringMatching(/^\[koppeling\] Cannot start: EXACT_SITE_URL_NL must be an https:\/\/ address/),
      expect.stringMatching(/^\[koppeling\] Cannot start: EXACT_REDIRECT_URI must be set in production/),
      expect.stringMatching(/^\[koppeling\] Cannot start: AUTH_URL must be set in production/),
      expect.stringMatching(
        /^\[koppeling\] Cannot start: NEXT_SERVER_ACTIONS_ENCRYPTION_KEY must be set in production, the same on every instance/,
      ),
    ]);
    // Refused before the database was touched: no first admin.
    expect(await getDb().select().from(users)).toEqual([]);
  }, 60_000);

  test("the first admin's generated password goes to a file only its owner reads, not to the console", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "koppeling-admin-")), "first-admin.txt");
    const { child, output, exited } = start({
      DATABASE_URL: process.env.DATABASE_URL as string,
      EXACT_CLIENT_ID: "b81cc4de-d192-400e-bcb4-09254394c52a",
      EXACT_CLIENT_SECRET: "not-used-here",
      EXACT_REDIRECT_URI: "https://koppeling.example.nl/api/exact/callback",
      AUTH_URL: "https://koppeling.example.nl",
      NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
      FIRST_ADMIN_PASSWORD_FILE: file,
      SKIP_BUILD: "1",
      PORT: String(await freePort()),
    });
    // Past the first admin, the start goes on to serve; stop it there (or when it stops itself).
    const deadline = Date.now() + 100_000;
    while (!/First admin created|Ready to serve/.test(output()) && child.exitCode === null && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    process.kill(-(child.pid as number), "SIGTERM");
    await exited;

    expect(output()).toContain(
      `First admin created: admin@koppeling.local. Its password is in ${file}, readable only by this user`,
    );
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const password = /^password: (\S+)$/m.exec(readFileSync(file, "utf8"))?.[1] as string;
    expect(password).toMatch(/^\S{20,}$/);
    expect(output()).not.toContain(password);
    const [admin] = await getDb().select().from(users);
    expect(admin).toMatchObject({ email: "admin@koppeling.local", role: "admin", mustChangePassword: true });
    expect(await verifyPassword(admin.passwordHash, password)).toBe(true);
  }, 120_000);
});

describe("saveFirstAdminPassword", () => {
  test("an existing, world-readable file is made owner-only and overwritten", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "koppeling-admin-")), "deeper/first-admin.txt");
    saveFirstAdminPassword(file, "a@b.nl", "first");
    writeFileSync(file, "old", { mode: 0o644 });
    saveFirstAdminPassword(file, "a@b.nl", "second-password");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(readFileSync(file, "utf8")).toBe("e-mail:   a@b.nl\npassword: second-password\n");
  });
});
