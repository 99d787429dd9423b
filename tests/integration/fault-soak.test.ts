// The fault soak as CI runs it: the README's command, `npm run soak -- --minutes 2 --seed 26`,
// in a child process — its own PostgreSQL, the simulator, three portal processes and two
// workers, faults drawn from the seed — and what its checker printed.
import { type ChildProcess, spawn } from "node:child_process";
import { afterAll, expect, test } from "vitest";
import { faultSchedule, faultSpanMs } from "@/scripts/soak/fault-schedule";
import { ROOT } from "../support/run-script";

const SEED = 26;
let soak: ChildProcess | undefined;

// A soak cut off by the test's time-out stops what it started (its processes, its PostgreSQL).
afterAll(() => {
  if (soak && soak.exitCode === null && soak.signalCode === null) soak.kill("SIGTERM");
});

function runSoak(): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", "soak", "--", "--minutes", "2", "--seed", String(SEED)], {
      cwd: ROOT,
      env: { ...process.env, SOAK_POSTGRES_PORT: process.env.SOAK_POSTGRES_PORT ?? "54430" },
    });
    let output = "";
    child.stdout.on("data", (d) => {
      output += d;
    });
    child.stderr.on("data", (d) => {
      output += d;
    });
    soak = child;
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

test("a two-minute soak keeps every login: no login lost, none refreshed too early, no error block", async () => {
  const { code, output } = await runSoak();
  const line = output.split("\n").find((l) => l.startsWith("SOAK-RESULT "));
  expect(line, output).toBeDefined();
  const result = JSON.parse((line as string).slice("SOAK-RESULT ".length));
  expect({ code, ...result }, output).toMatchObject({
    code: 0,
    seed: SEED,
    loginsLost: 0,
    loginsNotKeptAtEnd: 0,
    refreshesTooEarly: 0,
    earlyRefreshesInLedger: 0,
    errorBlocks: 0,
  });
  // The faults printed are the seed's schedule: a failing seed replays the same faults.
  const drawn: Record<string, number> = {};
  for (const d of faultSchedule(SEED, faultSpanMs(2))) drawn[d.kind] = (drawn[d.kind] ?? 0) + 1;
  expect(result.faultsDrawn).toEqual(drawn);
  expect(output).toContain(`[soak] seed ${SEED}`);
  // Work was done under the faults: refreshes at Exact and calls through the portal.
  expect(result.tokenCalls.refresh.ok).toBeGreaterThan(20);
  expect(result.callerOutcomes.ok).toBeGreaterThan(100);
}, 360_000);
