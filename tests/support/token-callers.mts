// A portal process asking for Exact tokens, started by tests/support/token-caller-process.ts
// (tests and the benchmark) so that several processes compete for the same refresh, as
// several portal instances would. Arguments: <callers> <loginId>…; caller i asks for login
// i mod n.
//
// It opens its pool first and prints READY. Each "go" on stdin then starts one round: all
// callers at once (so every process starts at the same moment, chosen after the logins were
// made due), answered by one line RESULT {json}, tokens as SHA-256 only. Rounds repeat
// until stdin closes, so a benchmark can measure warm processes, as a running portal is.
import { createHash } from "node:crypto";
import { createInterface } from "node:readline";
import { closeDb } from "@/db/client";
import { accessTokenFor } from "@/lib/exact/tokens/get-access-token";
import { warmPool } from "./pool";
import type { CallerOutcome, CallersReport } from "./token-callers-report";

const [callers, ...loginIds] = process.argv.slice(2);
const count = Number(callers);
if (!Number.isInteger(count) || count < 1 || loginIds.length === 0) {
  console.error("usage: token-callers.mts <callers> <loginId>…");
  process.exit(2);
}

/**
 * With TOKEN_CALLERS_REFUSED_VERSION every caller says Exact refused that token version (the
 * 401 a revoked access token gets before its time): the case that forces one refresh.
 */
const refused = process.env.TOKEN_CALLERS_REFUSED_VERSION
  ? Number(process.env.TOKEN_CALLERS_REFUSED_VERSION)
  : undefined;

/** Epoch milliseconds with sub-millisecond precision, comparable across processes. */
const epochMs = () => performance.timeOrigin + performance.now();

async function call(loginId: string): Promise<CallerOutcome> {
  try {
    const token = await accessTokenFor(loginId, { refused });
    const sha256 = createHash("sha256").update(token.accessToken).digest("hex");
    return { loginId, sha256, version: token.version, refreshed: token.refreshed, at: epochMs() };
  } catch (e) {
    return { loginId, code: (e as { code?: string }).code ?? String(e), at: epochMs() };
  }
}

await warmPool(Math.min(count, Number(process.env.DATABASE_POOL_SIZE ?? 10)));
console.log("READY");
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() !== "go") continue;
  const startedAt = epochMs();
  const outcomes = await Promise.all(Array.from({ length: count }, (_, i) => call(loginIds[i % loginIds.length])));
  const report: CallersReport = { pid: process.pid, startedAt, outcomes };
  console.log(`RESULT ${JSON.stringify(report)}`);
}
await closeDb();
