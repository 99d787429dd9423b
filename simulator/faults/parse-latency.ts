import { type Latency, latencySchema } from "../fixture/fixture-schema";

/**
 * EXACT_SIM_LATENCY_MS as an operator writes it: "20-200" (a random wait between 20 and 200 ms
 * on every call) or "50" (always 50 ms). Empty = none. Anything else throws, so a typo does not
 * silently run a simulator without the latency the test run counted on.
 */
export function parseLatency(text: string | undefined): Latency | null {
  const value = (text ?? "").trim();
  if (value === "") return null;
  const match = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(value);
  const parsed = match ? latencySchema.safeParse({ min: Number(match[1]), max: Number(match[2] ?? match[1]) }) : null;
  if (!parsed?.success || parsed.data === null) {
    throw new Error(`EXACT_SIM_LATENCY_MS must look like "20-200" or "50" (milliseconds, min ≤ max), not "${value}"`);
  }
  return parsed.data;
}
