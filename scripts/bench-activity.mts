// `npm run bench` (not part of npm test): the call record (issue 25, item 3) at size. On a scratch
// database (TEST_DATABASE_URL's server, or an embedded one on BENCH_PG_PORT, default 54355):
//   (a) the Activiteit view: BENCH_RECORDS (1,000,000) records seeded for one OAuth login over 90
//       days (half of them also for one administration; 3 % token calls, 2 % failed), then each
//       page the view reads — the page of 50 and the health summary, side by side as the page
//       reads them — timed BENCH_RUNS (30) times after a warm-up; p95 target ≤ 200 ms;
//   (b) what recording adds to a pass-through call: the API's route handler (GET
//       /api/v1/administrations/{id}/exact/…) called in this process against the simulator (rate
//       limits off), BENCH_CALLS (400) calls one at a time with the record on and off, interleaved,
//       and 50 concurrent callers × 20 calls each way; target ≤ 0.5 ms added at the median. And
//       the record's own cost on the request path, measured alone: recordedRestCall around an
//       answer that is already there, per call, and the batch INSERT per record (off the path).
// Writes its section of docs/BENCHMARKS.md (BENCH_NO_WRITE=1: print only).
process.env.LOG_LEVEL ??= "silent";

const { closeDb, getDb, getSql } = await import("@/db/client");
const { divisions } = await import("@/db/schema");
const { ensureDefaultEnvironments, listEnvironments } = await import("@/lib/data/environments");
const { createOAuthLogin } = await import("@/lib/data/oauth-logins");
const { listExactCalls, summarizeExactCalls } = await import("@/lib/data/exact-call-activity");
const { flushExactCalls, setExactCallRecording } = await import("@/lib/exact/activity/exact-call-recorder");
const { recordedRestCall } = await import("@/lib/exact/activity/recorded-exact-call");
const { completeAuthorization, startAuthorization } = await import("@/lib/links/consent-round-trip");
const { GET } = await import("@/app/api/v1/administrations/[id]/exact/[...path]/route");
const { startTestDatabase } = await import("../tests/support/test-database");
const { consentInExact, simControl, SIM_USERS, startSimulatorForPortal } = await import(
  "../tests/support/exact-simulator"
);
const { insertAdministration } = await import("../tests/support/administration-row");
const { insertApiKey } = await import("../tests/support/api-key-row");
const { actorOf, makeUser } = await import("../tests/support/users");
const { writeBenchmarkSection } = await import("./bench/write-benchmark-section");
const { describeMachine, percentile } = await import("./bench/machine");

const RECORDS = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const CALLS = Number(process.env.BENCH_CALLS ?? 400);
const PG_PORT = Number(process.env.BENCH_PG_PORT ?? 54355);
const PAGE = 50;

const db = await startTestDatabase("bench-activity", PG_PORT);
process.env.DATABASE_URL = db.url;
const sim = await startSimulatorForPortal();
const ms = (x: number) => `${x.toFixed(2)} ms`;
const median = (xs: number[]) => percentile(xs, 50);
let failed = false;

try {
  await ensureDefaultEnvironments();
  const environmentId = (await listEnvironments())[0].id;
  const admin = actorOf(await makeUser("bench@example.nl", "admin"));
  const { id: loginId } = await createOAuthLogin(admin, environmentId, { description: "Pieter", site: "NL" });
  const callback = await consentInExact(
    sim,
    await startAuthorization(admin, environmentId, loginId, false),
    SIM_USERS.pieter,
  );
  const outcome = await completeAuthorization(admin, callback);
  if (outcome.notice !== "authorized") throw new Error(`linking failed: ${outcome.notice}`);
  const administrationId = await insertAdministration({ environmentId, oauthLoginId: loginId, description: "Bench" });
  await getDb()
    .insert(divisions)
    .values({ environmentId, code: "1", name: "Bench", administrationId, exactDivisionCode: 2340001 });
  await simControl(sim, "options", { apiCallsPerMinute: 10_000_000, apiCallsPerDay: 10_000_000 });

  // (a) the view at size.
  const sql = getSql();
  const seedStarted = performance.now();
  await sql`
    insert into exact_calls (at, oauth_login_id, administration_id, division, kind, on_behalf, api_key_prefix,
                             method, path, status, duration_ms, ok, error)
    select date_trunc('milliseconds', now() - make_interval(secs => i * (90 * 86400.0 / ${RECORDS}))),
      ${loginId}::uuid,
      case when i % 2 = 0 then ${administrationId}::uuid end,
      case when i % 2 = 0 then 2340001 end,
      case when i % 33 = 0 then 'token' else 'rest' end,
      case when i % 2 = 0 then 'api' else 'keepalive' end,
      case when i % 2 = 0 then 'kpl_bench' end,
      case when i % 33 = 0 then 'POST' else 'GET' end,
      case when i % 33 = 0 then '/api/oauth2/token (refresh_token)' else '/api/v1/2340001/project/TimeTransactions?$filter=…' end,
      case when i % 50 = 0 then 503 else 200 end,
      20 + i % 200,
      i % 50 <> 0,
      case when i % 50 = 0 then 'exact_unavailable' end
    from generate_series(1, ${RECORDS}) i`;
  await sql`vacuum analyze exact_calls`;
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  const [{ size }] = await sql<
    { size: string }[]
  >`select pg_size_pretty(pg_total_relation_size('exact_calls')) as size`;

  // A cursor deep in the list: the record 500,000 rows (10,000 pages) down.
  const [deep] = await sql<{ at: string; id: number }[]>`
    select at, id from exact_calls where oauth_login_id = ${loginId}
    order by at desc, id desc offset ${Math.floor(RECORDS / 2)} limit 1`;
  const deepCursor = { at: new Date(deep.at), id: Number(deep.id), direction: "older" as const };
  const dayStart = new Date(Date.now() - 45 * 86_400_000);
  const cases: { name: string; run: () => Promise<unknown> }[] = [];
  const page = (
    name: string,
    subject: Parameters<typeof listExactCalls>[0],
    filter: Parameters<typeof listExactCalls>[1],
    cursor: Parameters<typeof listExactCalls>[2] = null,
  ) =>
    cases.push({
      name,
      run: () => Promise.all([listExactCalls(subject, filter, cursor, PAGE), summarizeExactCalls(subject)]),
    });
  const login = { loginId };
  const administration = { administrationId };
  page("login, first page", login, {});
  page("login, page 10,000 (cursor 500,000 rows down)", login, {}, deepCursor);
  page("login, token calls", login, { kind: "token" });
  page("login, failed", login, { result: "error" });
  page("login, failed token calls", login, { kind: "token", result: "error" });
  page("login, REST calls that worked", login, { kind: "rest", result: "ok" });
  page("login, one day 45 days ago", login, { from: dayStart, to: new Date(dayStart.getTime() + 86_400_000) });
  page("administration, first page", administration, {});
  page("administration, failed", administration, { result: "error" });
  cases.push({ name: "health summary alone (a team lead's view)", run: () => summarizeExactCalls(login) });
  const viewRows: string[] = [];
  let worstP95 = 0;
  for (const c of cases) {
    for (let i = 0; i < 3; i++) await c.run();
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      await c.run();
      times.push(performance.now() - t0);
    }
    const p95 = percentile(times, 95);
    worstP95 = Math.max(worstP95, p95);
    viewRows.push(`| ${c.name} | ${ms(median(times))} | ${ms(p95)} |`);
  }

  // (b) what the record adds to a pass-through call.
  const { key } = await insertApiKey(environmentId, "Bench", "read");
  const path = "2340001/project/TimeTransactions";
  const passThrough = async () => {
    const request = new Request(`http://portal.test/api/v1/administrations/${administrationId}/exact/${path}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    const t0 = performance.now();
    const response = await GET(request, { params: Promise.resolve({ id: administrationId, path: path.split("/") }) });
    await response.arrayBuffer();
    const took = performance.now() - t0;
    if (response.status !== 200) throw new Error(`the pass-through answered ${response.status}`);
    return took;
  };
  for (let i = 0; i < 50; i++) await passThrough();
  const on: number[] = [];
  const off: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    // Interleaved, the order flipped every other pair: drift in the machine's load hits both.
    for (const recording of i % 2 ? [true, false] : [false, true]) {
      setExactCallRecording(recording);
      (recording ? on : off).push(await passThrough());
    }
  }
  setExactCallRecording(true);
  await flushExactCalls();
  const crowd = async (recording: boolean) => {
    setExactCallRecording(recording);
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        for (let i = 0; i < 20; i++) await passThrough();
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    await flushExactCalls();
    return 1000 / seconds;
  };
  const crowdOff: number[] = [];
  const crowdOn: number[] = [];
  for (let round = 0; round < 5; round++) {
    // Alternating which goes first: a round's load falls on both alike.
    for (const recording of round % 2 ? [true, false] : [false, true]) {
      (recording ? crowdOn : crowdOff).push(await crowd(recording));
    }
  }
  setExactCallRecording(true);

  // The record alone: around an answer that is already there, and the batch INSERT per record.
  const answer = new Response("{}");
  const subject = { loginId, administrationId, onBehalf: "api" as const, apiKeyPrefix: "kpl_bench", viaProxy: false };
  const url = `${sim.siteUrl("NL")}/api/v1/2340001/project/TimeTransactions?$filter=x`;
  const N = 50_000;
  await flushExactCalls();
  let t0 = performance.now();
  for (let i = 0; i < N; i++) await recordedRestCall(subject, "GET", url, () => Promise.resolve(answer));
  const recordUs = ((performance.now() - t0) / N) * 1000;
  t0 = performance.now();
  for (let i = 0; i < N; i++) await Promise.resolve(answer);
  const bareUs = ((performance.now() - t0) / N) * 1000;
  t0 = performance.now();
  await flushExactCalls();
  const insertUs = ((performance.now() - t0) / N) * 1000;

  const addedMedian = median(on) - median(off);
  const [{ server_version: pgVersion }] = await sql`show server_version`;
  const best = (xs: number[]) => Math.max(...xs);
  const body = `## Call record and Activiteit view (\`scripts/bench-activity.mts\`)

Every call to Exact on record (issue 25, item 3). ${RECORDS.toLocaleString("en")} records seeded for one OAuth login over
90 days (${seedSeconds.toFixed(0)} s, ${size} with indexes), half of them for one administration too, 3 % token calls,
2 % failed. A page of the Activiteit view is the page of ${PAGE} records by keyset on (at, id) and the
health summary (calls and failures in the last 24 hours, counted up to 10,001; last call; last
failure), side by side as the page reads them; median / p95 of ${RUNS} runs after a warm-up, in the
portal's process, database on the same machine. Target: p95 ≤ 200 ms.

- Date: ${new Date().toISOString().slice(0, 10)}
- Machine: ${describeMachine()}; shared with other work while measured
- Node ${process.version}, PostgreSQL ${pgVersion}

| page | median | p95 |
|---|---|---|
${viewRows.join("\n")}

Worst p95: **${ms(worstP95)}**${worstP95 <= 200 ? " (target met)" : " (target not met)"}.

What recording adds to a pass-through call: the API's route handler for
\`GET …/exact/2340001/project/TimeTransactions\` called in this process (the simulator in it too, rate
limits off), ${CALLS} calls with the record on and ${CALLS} off, interleaved:

| | median | p95 |
|---|---|---|
| record off | ${ms(median(off))} | ${ms(percentile(off, 95))} |
| record on | ${ms(median(on))} | ${ms(percentile(on, 95))} |
| **added** | **${ms(addedMedian)}** | ${ms(percentile(on, 95) - percentile(off, 95))} |

50 concurrent callers × 20 calls, 5 rounds each way, alternating: median ${median(crowdOff).toFixed(0)} calls/s with the
record off and ${median(crowdOn).toFixed(0)} with it on, best ${best(crowdOff).toFixed(0)} and ${best(crowdOn).toFixed(0)} (rounds: off
${crowdOff.map((x) => x.toFixed(0)).join(", ")}; on ${crowdOn.map((x) => x.toFixed(0)).join(", ")}). In this process the simulator, the handler and the
recorder share one Node thread, and PostgreSQL the same two cores: the rounds vary more than the
record costs. \`npm run bench\`'s API pass-through section measures the portal as \`npm start\` runs it,
record included.

The record alone, ${N.toLocaleString("en")} times: \`recordedRestCall\` around an answer already there costs
${recordUs.toFixed(2)} µs a call (the bare await ${bareUs.toFixed(2)} µs) on the request path; writing them
(one INSERT … SELECT FROM unnest per batch, off the path) ${insertUs.toFixed(2)} µs a record.
Target: ≤ 0.5 ms added per call${addedMedian <= 0.5 && recordUs <= 500 ? " (met)" : " (see the figures)"}.`;
  if (process.env.BENCH_NO_WRITE !== "1") writeBenchmarkSection("activity", body);
  console.log(body);
} catch (e) {
  console.error(e);
  failed = true;
} finally {
  await sim.close();
  await closeDb();
  await db.stop();
}
process.exit(failed ? 1 : 0);
