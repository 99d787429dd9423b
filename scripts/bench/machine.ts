import os from "node:os";

/** The machine a benchmark ran on, as the sections of docs/BENCHMARKS.md name it. */
export function describeMachine(): string {
  const cpus = os.cpus();
  const memory = (os.totalmem() / 2 ** 30).toFixed(1);
  return `${cpus[0]?.model ?? "unknown CPU"}, ${cpus.length} cores, ${memory} GiB memory, ${os.platform()} ${os.release()}`;
}

/** The p-th percentile (nearest rank) of `xs`. */
export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(0, Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1))];
}
