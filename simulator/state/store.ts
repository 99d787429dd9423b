import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { emptyCounters, emptyState, type SimState } from "./sim-state";

/** How long ordinary changes (counters, sessions) may wait before they reach the disk. */
const WRITE_DELAY_MS = 200;

/**
 * Holds the simulator's state and persists it as JSON so a restart changes nothing a client can
 * see (codes, tokens, refresh chains, sessions, counters, clock offset). Writes go to a temp file
 * that is then renamed over the old one, so a crash never leaves half a file. Token and code
 * issues are written at once (`persistNow`) before the answer goes out — EXACT_ONLINE.md:
 * "Whatever token pair comes back, persist it before anything else happens" holds for our side
 * as much as for the client's; everything else is batched.
 */
export class StateStore {
  state: SimState;
  private timer: NodeJS.Timeout | null = null;
  private chain: Promise<void> = Promise.resolve();
  private dirty = false;
  private tmpCounter = 0;

  constructor(
    private readonly file: string | null,
    private readonly beforeWrite: (state: SimState) => void = () => {},
    private readonly log: (line: string) => void = () => {},
  ) {
    this.state = file ? this.load(file) : emptyState();
  }

  /** Something changed: write soon. */
  changed(): void {
    this.dirty = true;
    if (!this.file || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.persistNow();
    }, WRITE_DELAY_MS);
    this.timer.unref();
  }

  /** Write now (and wait for it). */
  persistNow(): Promise<void> {
    this.dirty = true;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.chain = this.chain
      .then(() => this.write())
      .catch((error: Error) => {
        this.log(`state write failed: ${error.message}`);
      });
    return this.chain;
  }

  /** Replace the whole state (control API reset) and persist. */
  replace(state: SimState): Promise<void> {
    this.state = state;
    return this.persistNow();
  }

  async close(): Promise<void> {
    if (this.dirty) await this.persistNow();
    else await this.chain;
  }

  private async write(): Promise<void> {
    if (!this.file || !this.dirty) return;
    this.dirty = false;
    this.beforeWrite(this.state);
    const json = JSON.stringify(this.state);
    mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.${++this.tmpCounter}.tmp`;
    await writeFile(tmp, json, { mode: 0o600 });
    await rename(tmp, this.file);
  }

  private load(file: string): SimState {
    if (!existsSync(file)) return emptyState();
    try {
      const parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<SimState>;
      if (parsed.version !== 1) throw new Error(`unknown version ${String(parsed.version)}`);
      const base = emptyState();
      const counters = emptyCounters();
      const saved = parsed.counters ?? base.counters;
      return {
        ...base,
        ...parsed,
        counters: {
          token: {
            authorization_code: { ...counters.token.authorization_code, ...saved.token?.authorization_code },
            refresh_token: { ...counters.token.refresh_token, ...saved.token?.refresh_token },
            other: { ...counters.token.other, ...saved.token?.other },
          },
          api: { ...saved.api },
          rateLimited: saved.rateLimited ?? 0,
          errorBlocked: saved.errorBlocked ?? 0,
        },
      };
    } catch (error) {
      this.log(`state file ${file} unreadable (${(error as Error).message}); starting empty`);
      return emptyState();
    }
  }
}
