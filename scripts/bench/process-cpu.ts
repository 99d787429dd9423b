import { existsSync, readdirSync, readFileSync } from "node:fs";

// CPU time of a process tree on Linux, from /proc: what a benchmark's server processes (and
// their database) spent, so a figure per call can be given. Elsewhere it reports nothing.

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function statOf(pid: number): { ppid: number; ms: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name may hold spaces and parentheses: the fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    return { ppid: Number(fields[1]), ms: (ticks * 1000) / TICKS_PER_SECOND };
  } catch {
    return null;
  }
}

/**
 * Milliseconds of CPU (user + system) used so far by `root` and every live descendant, and by
 * the descendants that have exited and been waited for.
 */
export function treeCpuMs(root: number): number | null {
  if (!existsSync("/proc/self/stat")) return null;
  const parents = new Map<number, number>();
  const own = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const s = statOf(pid);
    if (!s) continue;
    parents.set(pid, s.ppid);
    own.set(pid, s.ms);
  }
  if (!own.has(root)) return null;
  let total = 0;
  for (const [pid, ms] of own) {
    for (let p: number | undefined = pid; p !== undefined && p > 1; p = parents.get(p)) {
      if (p === root) {
        total += ms;
        break;
      }
    }
  }
  return total;
}
