import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import { buildLockFile, withBuildLock } from "./build-lock";

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), "koppeling-build-lock-"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test("two starts at once: the second builds only after the first is done, and the lock is gone after", async () => {
  const events: string[] = [];
  let waits = 0;
  const build = (name: string) => async () => {
    events.push(`${name} starts`);
    await sleep(200);
    events.push(`${name} ends`);
  };
  await Promise.all([
    withBuildLock(root, build("first"), { pollMs: 20 }),
    sleep(10).then(() => withBuildLock(root, build("second"), { pollMs: 20, onWait: () => waits++ })),
  ]);
  expect(events).toEqual(["first starts", "first ends", "second starts", "second ends"]);
  expect(waits).toBe(1);
  expect(existsSync(buildLockFile(root))).toBe(false);
});

test("a lock left by a process that is gone is taken over; one held by a live process is waited for", async () => {
  // A pid that was alive and is not any more.
  const gone = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]).stdout.toString();
  writeFileSync(buildLockFile(root), gone);
  let built = false;
  await withBuildLock(
    root,
    async () => {
      built = true;
      expect(readFileSync(buildLockFile(root), "utf8")).toBe(String(process.pid));
    },
    { pollMs: 20 },
  );
  expect(built).toBe(true);

  // This test runner's parent holds it: a stop while waiting gives up without building.
  writeFileSync(buildLockFile(root), String(process.ppid));
  let stopping = false;
  let waited = false;
  const waiting = withBuildLock(
    root,
    async () => {
      throw new Error("must not build");
    },
    {
      pollMs: 20,
      onWait: () => {
        waited = true;
      },
      stopping: () => stopping,
    },
  );
  await sleep(100);
  expect(waited).toBe(true);
  stopping = true;
  await waiting;
  // The other's lock is left as it was.
  expect(readFileSync(buildLockFile(root), "utf8")).toBe(String(process.ppid));
});

test("a build that fails gives the lock back", async () => {
  await expect(
    withBuildLock(
      root,
      async () => {
        throw new Error("next build failed (exit 1).");
      },
      {},
    ),
  ).rejects.toThrow("next build failed");
  expect(existsSync(buildLockFile(root))).toBe(false);
});
