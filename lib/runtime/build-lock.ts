import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from "node:fs";
import path from "node:path";

// Several `npm start`s in one checkout (instances on one machine) share its .next build. Started
// together on a stale build, each would run `next build` into the same directory at once. The
// first takes this lock and builds; the others wait for it and then find the build current.
// Beside .next, not in it: a failed build deletes .next.

export const buildLockFile = (root: string) => path.join(root, ".next-build.lock");

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
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    let holder = Number.NaN;
    let age = 0;
    try {
      holder = Number(readFileSync(file, "utf8"));
      age = Date.now() - statSync(file).mtimeMs;
    } catch {}
    // Empty: just made and not yet filled in (a holder that died in between leaves it old).
    const filling = holder === 0 && age < 5_000;
    if (!filling && !alive(holder)) {
      rmSync(file, { force: true });
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
