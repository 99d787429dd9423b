import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, expect, test } from "vitest";

let child: ChildProcess | undefined;
afterEach(() => {
  if (child && child.exitCode === null) child.kill("SIGTERM");
});

test("npm run exact:sim prints the URL, the first user's name and password, and the client ids", async () => {
  const root = path.join(import.meta.dirname, "..");
  const stateFile = path.join(mkdtempSync(path.join(tmpdir(), "exact-sim-main-")), "state.json");
  child = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "simulator/main.ts"], {
    cwd: root,
    env: { ...process.env, EXACT_SIM_PORT: "0", EXACT_SIM_STATE_FILE: stateFile, EXACT_SIM_QUIET: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  await new Promise<void>((resolve, reject) => {
    child?.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("client secrets")) resolve();
    });
    child?.on("exit", (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
  expect(out).toMatch(/^Exact Online simulator user: marieke\.qics$/m);
  expect(out).toMatch(/^Exact Online simulator password: Qics-Exact-2016$/m);
  const url = /^Exact Online simulator: (http:\/\/127\.0\.0\.1:\d+) /m.exec(out)?.[1];
  expect(url).toBeDefined();
  expect(out).toMatch(/client id \(NL, Koppeling\): [0-9a-f-]{36}/);
  const page = await fetch(`${url}/nl/api/oauth2/auth?client_id=x`);
  expect(page.status).toBe(400);
  const exited = new Promise((resolve) => child?.on("exit", resolve));
  child.kill("SIGTERM");
  expect(await exited).toBe(0);
});
