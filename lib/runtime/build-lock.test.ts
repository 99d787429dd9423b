import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import { buildLockFile, removeLeftLock, withBuildLock } from "./build-lock";

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), "koppeling-build-lock-"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const holder = (pid: number, host = hostname(), start = "an-earlier-start") => JSON.stringify({ host, pid, start });
const heldBy = () => JSON.parse(readFileSync(buildLockFile(root), "utf8")) as { host: string; pid: number };

/** Whether a start waits for the lock as it is now (it gives up at once when it would wait). */
async function waitsFor(): Promise<boolean> {
  let waited = false;
  let built = false;
  await withBuildLock(
    root,
    async () => {
      built = true;
    },
    {
      pollMs: 20,
      onWait: () => {
        waited = true;
      },
      stopping: () => waited,
    },
  );
  expect(waited).toBe(!built);
  return waited;
}

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
  writeFileSync(buildLockFile(root), holder(Number(gone)));
  let built = false;
  await withBuildLock(
    root,
    async () => {
      built = true;
      expect(heldBy()).toMatchObject({ host: hostname(), pid: process.pid });
    },
    { pollMs: 20 },
  );
  expect(built).toBe(true);

  // This test runner's parent holds it: a stop while waiting gives up without building.
  writeFileSync(buildLockFile(root), holder(process.ppid));
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
  expect(readFileSync(buildLockFile(root), "utf8")).toBe(holder(process.ppid));
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

test("a lock with this very pid but of an earlier start (a container restarted after a kill) is taken over", async () => {
  writeFileSync(buildLockFile(root), holder(process.pid));
  expect(await waitsFor()).toBe(false);
  expect(existsSync(buildLockFile(root))).toBe(false);
});

test("another machine's lock is waited for until it is old; an empty one only while it may still be written", async () => {
  const file = buildLockFile(root);
  writeFileSync(file, holder(process.pid, "another-machine"));
  expect(await waitsFor()).toBe(true);
  const longAgo = (Date.now() - 31 * 60_000) / 1000;
  utimesSync(file, longAgo, longAgo);
  expect(await waitsFor()).toBe(false);

  writeFileSync(file, "");
  expect(await waitsFor()).toBe(true);
  const aMinuteAgo = (Date.now() - 60_000) / 1000;
  utimesSync(file, aMinuteAgo, aMinuteAgo);
  expect(await waitsFor()).toBe(false);
});

test("a left lock replaced by another start's meanwhile is put back, not removed", () => {
  const file = buildLockFile(root);
  // Judged left as it read a moment ago; now another start holds it.
  writeFileSync(file, holder(process.ppid));
  removeLeftLock(file, holder(123456789));
  expect(readFileSync(file, "utf8")).toBe(holder(process.ppid));
  // As judged: removed. Nothing is left beside it either way.
  removeLeftLock(file, holder(process.ppid));
  expect(existsSync(file)).toBe(false);
  expect(readdirSync(root)).toEqual([]);
});
