/** A duration as operators write it (`1d`, `6h`, `10m`, `30s`, or milliseconds), in ms. */
export function parseDuration(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/i.exec(text);
  if (!match) throw new Error(`not a duration: ${JSON.stringify(text)} (use e.g. 1d, 6h, 10m)`);
  const unit = (match[2] ?? "ms").toLowerCase();
  const factor = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[unit] as number;
  return Math.round(Number(match[1]) * factor);
}
