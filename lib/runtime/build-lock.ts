import { randomUUID } from "node:crypto";
import { closeSync, linkSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";

// Several `npm start`s in one checkout (instances on one machine) share its .next build. Started
// together on a stale build, each would run `next build` into the same directory at once. The
// first takes this lock and builds; the others wait for it and then find the build current.
// Beside .next, not in it: a failed build deletes .next.

export const buildLockFile = (root: string) => path.join(root, ".next-build.lock");

/** Who holds the lock: a pid alone is not enough (a container's restart gets the same pid again). */
type Holder = { host: string; pid: number; start: string };

/** This process: its start, told apart from an earlier process that had the same pid. */
const ME: Holder = { host: hostname(), pid: process.pid, start: randomUUID() };

/** A lock being written (empty) or unreadable is given this long before it counts as left. */
const FILLING_MS = 5_000;
/** Another machine's pid cannot be asked: its lock counts as left only after this long. */
const FOREIGN_MS = 30 * 60_000;

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, under another user.
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function parseHolder(text: string): Holder | null {
  try {
    const h = JSON.parse(text) as Partial<Holder> | null;
    return h && typeof h.host === "string" && typeof h.pid === "number" && typeof h.start === "string"
      ? (h as Holder)
      : null;
  } catch {
    return null;
  }
}

/** Whether the lock read as `text`, last written `ageMs` ago, was left by a holder that is gone. */
export function lockIsLeft(text: string, ageMs: number): boolean {
  const holder = parseHolder(text);
  if (!holder) return ageMs > FILLING_MS;
  if (holder.host !== ME.host) return ageMs > FOREIGN_MS;
  if (holder.pid === ME.pid) return holder.start !== ME.start;
  return !alive(holder.pid);
}

/**
 * Removes the lock judged left, unless another process took it over meanwhile: moved aside in
 * one step (only one of several waiters can move a given file), then compared with what was
 * judged; a live lock moved by mistake is put back.
 */
export function removeLeftLock(file: string, judged: string): void {
  const aside = `${file}.${ME.start}.left`;
  try {
    renameSync(file, aside);
  } catch {
    return; // gone already: another waiter removed it
  }
  let moved = "";
  try {
    moved = readFileSync(aside, "utf8");
  } catch {}
  if (moved !== judged) {
    try {
      linkSync(aside, file);
    } catch {}
  }
  rmSync(aside, { force: true });
}

/**
 * Runs `build` holding the checkout's build lock; waits while another live process holds it
 * (`onWait` is called once), and takes over a lock whose holder is gone. Gives up without
 * building when `stopping()` turns true while it waits.
 */
export async function withBuildLock(
  root: string,
  build: () => Promise<void>,
  { onWait, stopping = () => false, pollMs = 500 }: { onWait?: () => void; stopping?: () => boolean; pollMs?: number },
): Promise<void> {
  const file = buildLockFile(root);
  let waited = false;
  for (;;) {
    try {
      const fd = openSync(file, "wx");
      writeSync(fd, JSON.stringify(ME));
      closeSync(fd);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    let text: string | null = null;
    let age = 0;
    try {
      text = readFileSync(file, "utf8");
      age = Date.now() - statSync(file).mtimeMs;
    } catch {}
    if (text === null) continue; // removed between the two steps: try again at once
    if (lockIsLeft(text, age)) {
      removeLeftLock(file, text);
      continue;
    }
    if (stopping()) return;
    if (!waited) onWait?.();
    waited = true;
    await new Promise((r) => setTimeout(r, pollMs));
  }
  try {
    await build();
  } finally {
    rmSync(file, { force: true });
  }
}
