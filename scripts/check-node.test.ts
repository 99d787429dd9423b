import { execFile, execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, test } from "vitest";

const root = path.resolve(import.meta.dirname, "..");
const script = path.join(root, "scripts/check-node.mjs");
const run = promisify(execFile);

async function check(node: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(node, [script, ...args], { cwd: root });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const failed = e as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("check-node: the Node.js releases the portal runs on", () => {
  test("the Node running the tests is accepted, silently", async () => {
    expect(await check(process.execPath)).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  test.each(["22.19.0", "v22.23.5", "24.22.3", "26.10.0"])("%s is accepted", async (version) => {
    expect((await check(process.execPath, version)).code).toBe(0);
  });

  test.each(["20.20.2", "22.18.0", "18.20.8"])(
    "%s is refused in one sentence that names both versions",
    async (version) => {
      const { code, stdout, stderr } = await check(process.execPath, version);
      expect(code).toBe(1);
      expect(stdout).toBe("");
      expect(stderr.trim().split("\n")).toHaveLength(1);
      expect(stderr).toContain(`this is ${version}`);
      expect(stderr).toContain("needs Node.js 22.19.0 or later");
    },
  );

  // Debian 12's own Node is 20: where it is on the machine, `npm start` on it must stop at the
  // check, before any server starts (the time-out would catch a start that went on).
  const oldNode = "/usr/bin/node";
  const oldVersion = existsSync(oldNode) ? execFileSync(oldNode, ["--version"], { encoding: "utf8" }).trim() : null;
  const tooOld = oldVersion !== null && Number(oldVersion.slice(1).split(".")[0]) < 22;
  test.skipIf(!tooOld)(`npm start on the machine's own Node (${oldVersion}) says so and stops`, async () => {
    const npm = path.join(path.dirname(oldNode), "npm");
    const started = await run(npm, ["start"], {
      cwd: root,
      timeout: 20_000,
      env: { ...process.env, PATH: `${path.dirname(oldNode)}:${process.env.PATH}`, DATABASE_URL: "" },
    }).then(
      () => ({ code: 0, stderr: "" }),
      (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
    );
    expect(started.code).toBe(1);
    expect(started.stderr).toContain(
      `Koppeling needs Node.js 22.19.0 or later (22, 24 or 26) and this is ${oldVersion?.slice(1)}`,
    );
  });
});
