import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { createInterface } from "node:readline";

/**
 * A portal or worker process of the soak, started again after the soak kills it: Node with
 * tsx loaded directly (no npm or npx in between), so SIGKILL hits the process itself.
 * Its output goes to `logFile`; lines `STATS {json}` are kept as its latest figures.
 */
export class SupervisedProcess {
  private child: ChildProcess | null = null;
  private stopping = false;
  /** The latest STATS of each run of the process (a killed run keeps its last report). */
  readonly stats: Record<string, number>[] = [];
  /** Lines at pino's level error (50) or above, and Next-style error lines. */
  errorLines: string[] = [];
  starts = 0;

  constructor(
    readonly name: string,
    private readonly args: string[],
    private readonly env: Record<string, string>,
    private readonly logFile: string,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): void {
    const log = createWriteStream(this.logFile, { flags: "a" });
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", ...this.args], {
      env: { ...process.env, ...this.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    this.child = child;
    this.starts += 1;
    const run = this.stats.push({}) - 1;
    const onLine = (line: string) => {
      log.write(`${line}\n`);
      if (line.startsWith("STATS ")) this.stats[run] = JSON.parse(line.slice(6));
      else if (/"level":(5|6)\d/.test(line)) this.errorLines.push(line);
    };
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", onLine);
    createInterface({ input: child.stderr as NodeJS.ReadableStream }).on("line", onLine);
    child.once("exit", () => log.end());
  }

  /** SIGKILL, as when a machine dies: nothing is cleaned up. Started again after `restartMs`. */
  async kill(restartMs: number): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
    setTimeout(() => {
      if (!this.stopping) this.start();
    }, restartMs);
  }

  /** SIGTERM (a clean stop), SIGKILL after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    await exited;
    clearTimeout(timer);
  }
}
