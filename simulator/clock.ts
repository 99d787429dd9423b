// One clock for the whole simulator: every lifetime (codes 3 min, access tokens 600 s, the
// 570 s too-early rule, refresh tokens 30 days, rate-limit windows) is measured against it, so
// tests and the control API can move time forward instead of waiting.
export class SimClock {
  constructor(
    private offsetMs = 0,
    private readonly onChange: (offsetMs: number) => void = () => {},
  ) {}

  now(): number {
    return Date.now() + this.offsetMs;
  }

  get offset(): number {
    return this.offsetMs;
  }

  /** Moves time forward only: Exact's clock never runs backwards, and neither may ours. */
  advance(seconds: number): void {
    if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError("advanceSeconds must be a number ≥ 0");
    this.offsetMs += Math.round(seconds * 1000);
    this.onChange(this.offsetMs);
  }

  reset(): void {
    this.offsetMs = 0;
    this.onChange(0);
  }
}
