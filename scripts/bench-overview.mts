// `npm run bench` (not part of npm test): the team lead's overview at size. On a scratch database
// (TEST_DATABASE_URL's server, or an embedded one on port 54352) three environments get 100,
// 10,000 and 100,000 divisions (generate_series; 50 per administration, logins in every state,
// a tenth of the administrations with a failed last call, codes 1, 2, 3 … unpadded, one division
// in 89 without an Exact division, one in 1,000 named "Café Zoë …"). Measured in this process, on
// a warm pool: the overview's server time (listDivisionOverview: the page query, the counts query
// and with a search its capped count) for the first page, sorts, a state filter and searches
// (short, rare, long, accented), and the API's page by cursor from the middle
// (listDivisionRowsAfter), median and p95 of BENCH_RUNS (30) after warm-up; then the CSV export of all 100,000 rows into a sink, its time and its peak
// memory (RSS, sampled every 5 ms) over the idle process. Writes its section of docs/BENCHMARKS.md.

import os from "node:os";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createTranslator } from "use-intl/core";
import nl from "../messages/nl.json" with { type: "json" };

process.env.LOG_LEVEL ??= "silent";
// Seeding 100,000 divisions is one statement (the search and sort columns and their indexes
// computed for each row): longer than the portal's 30 s statement timeout on a busy machine.
process.env.DATABASE_STATEMENT_TIMEOUT_MS ??= "600000";

// Measured as the portal's server runs: with its Node options (npm run bench passes them).
const { SERVER_NODE_OPTIONS } = await import("@/lib/runtime/server-node-options");
if (!process.execArgv.join(" ").includes(SERVER_NODE_OPTIONS)) {
  throw new Error(`run with the server's Node options (${SERVER_NODE_OPTIONS}), as npm run bench does`);
}

const { closeDb, getSql } = await import("@/db/client");
const { listDivisionOverview, listDivisionRowsAfter } = await import("@/lib/data/division-overview");
const { overviewCsv } = await import("@/lib/overview/overview-csv");
const { loadOverviewParams, overviewQueryOf, SEARCH_COUNT_CAP } = await import("@/lib/schemas/overview-params");
const { startTestDatabase } = await import("../tests/support/test-database");
const { writeBenchmarkSection } = await import("./bench/write-benchmark-section");
const { describeMachine, percentile } = await import("./bench/machine");
type Translate = import("@/lib/i18n/describe-login-state").Translate;

const RUNS = Number(process.env.BENCH_RUNS ?? 30);
// The machine may be shared: its load beside the figures.
const loadAtStart = os
  .loadavg()
  .map((x) => x.toFixed(2))
  .join(" / ");
const SIZES = [100, 10_000, 100_000];

const db = await startTestDatabase("bench-overview", 54352);
process.env.DATABASE_URL = db.url;
const sql = getSql();

async function seed(divisions: number): Promise<string> {
  const [{ id: env }] = await sql<{ id: string }[]>`
    insert into environments (name, sort_order) values (${`Bench ${divisions}`}, 100) returning id`;
  const admins = Math.max(2, Math.ceil(divisions / 50));
  await sql`
    insert into oauth_logins (environment_id, description, site, status, login_expires_at, consented_at)
    select ${env}, 'Login ' || n, (array['NL','BE','DE'])[1 + n % 3]::exact_site,
      (case when n % 10 = 0 then 'needs_reauth' when n % 13 = 0 then 'error' else 'active' end)::oauth_login_status,
      now() + ((n % 40) - 2) * interval '1 day', now() - interval '30 days'
    from generate_series(1, 20) n`;
  await sql`
    insert into administrations (environment_id, description, oauth_login_id, last_call_at, last_call_ok, last_call_error, last_call_ok_at)
    select ${env}, 'ADM ' || lpad(n::text, 5, '0'),
      case when n % 17 = 0 then null else (select id from oauth_logins where environment_id = ${env} and description = 'Login ' || (1 + n % 20)) end,
      now() - interval '1 hour', n % 10 <> 3, case when n % 10 = 3 then 'proxy_unreachable' end, now() - interval '2 hours'
    from generate_series(1, ${admins}) n`;
  await sql`
    insert into divisions (environment_id, code, name, administration_id, exact_division_code, exact_division_description)
    select ${env}, n::text, case when n % 1000 = 7 then 'Café Zoë ' else 'Divisie ' end || md5(n::text),
      case when n % 97 = 0 then null else (select id from administrations where environment_id = ${env}
        and description = 'ADM ' || lpad((1 + (n - 1) / 50)::text, 5, '0')) end,
      case when n % 89 = 0 then null else 2000000 + n end, 'Exact ' || n
    from generate_series(1, ${divisions}) n`;
  return env;
}

const envs: Record<number, string> = {};
for (const n of SIZES) envs[n] = await seed(n);
await sql`vacuum analyze`;

const SCENARIOS: Record<string, string> = {
  "first page (codes as people read them)": "",
  "sorted (division code, desc)": "sort=division&dir=desc",
  "sorted (administration, desc)": "sort=administration&dir=desc",
  "filtered (state = fout)": "state=error",
  "searched, short and broad (`12`)": "q=12",
  "searched, short and rare (`zq`)": "q=zq",
  "searched, long (`exact 4567`)": "q=exact 4567",
  "searched, accented (`zoë`)": "q=zoë",
  "searched and filtered (`12`, state = fout)": "q=12&state=error",
  "searched and filtered (`12`, site = NL)": "q=12&site=NL",
};

type Figure = { median: number; p95: number };
const results: Record<string, Record<number, Figure>> = {};
for (const [name, search] of Object.entries(SCENARIOS)) {
  results[name] = {};
  const query = overviewQueryOf(loadOverviewParams(new URLSearchParams(search)));
  for (const n of SIZES) {
    for (let i = 0; i < 3; i++) await listDivisionOverview(envs[n], query);
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      await listDivisionOverview(envs[n], query);
      times.push(performance.now() - t0);
    }
    results[name][n] = { median: percentile(times, 50), p95: percentile(times, 95) };
  }
}

// The API's page of 100 by cursor, from the middle of the environment in its (natural) code order.
{
  const name = "API page by cursor (middle, 100 rows)";
  results[name] = {};
  for (const n of SIZES) {
    const [mid] = await sql<{ code: string; administration: string | null; id: string }[]>`
      select d.code, a.description as administration, d.id from divisions d
      left join administrations a on a.id = d.administration_id
      where d.environment_id = ${envs[n]} and d.code = ${String(n / 2)}`;
    const filters = { state: null, loginId: null, administrationId: null, site: null, search: "" };
    for (let i = 0; i < 3; i++) await listDivisionRowsAfter(envs[n], filters, mid, 100);
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      await listDivisionRowsAfter(envs[n], filters, mid, 100);
      times.push(performance.now() - t0);
    }
    results[name][n] = { median: percentile(times, 50), p95: percentile(times, 95) };
  }
}

// The export of 100,000 rows into a sink, memory sampled beside it.
const t = createTranslator({ locale: "nl", messages: nl }) as unknown as Translate;
global.gc?.();
await new Promise((r) => setTimeout(r, 200));
const idle = process.memoryUsage().rss;
const idleHeap = process.memoryUsage().heapUsed;
let peak = idle;
let peakHeap = idleHeap;
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  peak = Math.max(peak, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
}, 5);
let bytes = 0;
let lines = 0;
const t0 = performance.now();
await pipeline(
  overviewCsv(envs[100_000], overviewQueryOf(loadOverviewParams(new URLSearchParams())), t, "nl"),
  new Writable({
    write(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      for (const b of chunk) if (b === 10) lines++;
      done();
    },
  }),
);
const exportMs = performance.now() - t0;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
// 100,000 divisions (every administration has some) plus the header line.
if (lines !== 100_001) throw new Error(`export wrote ${lines} lines`);

const ms = (x: number) => `${x.toFixed(1)} ms`;
const rows = Object.entries(results).map(([name, r]) => {
  const ratio = r[100_000].median / r[100].median;
  return `| ${name} | ${SIZES.map((n) => `${ms(r[n].median)} / ${ms(r[n].p95)}`).join(" | ")} | ${ratio.toFixed(2)} |`;
});
const load = os
  .loadavg()
  .map((x) => x.toFixed(2))
  .join(" / ");
const body = `## Overview at size (\`scripts/bench-overview.mts\`)

The team lead's overview (\`listDivisionOverview\`: one query for the page of 25 rows and one for
the counts, side by side; a search first finds its rows from its indexes, at most ${(SEARCH_COUNT_CAP + 1).toLocaleString("en")} of them
(\`overview_search_candidates\`), then reads a rare text's page by id (once; in code order its page's rows are chosen before any
health is joined) and a broad one's in order,
and above ${SEARCH_COUNT_CAP.toLocaleString("en")} says "meer dan 1.000") on environments of 100, 10,000 and 100,000 divisions
(codes 1 … n unpadded, so the division order is the natural one, not the text's); median / p95
of ${RUNS} runs after warm-up, in the portal's process, database on the same machine. Searches fold
accents and case (\`zoë\` finds "Café Zoë"): one or two letters are looked up in a GIN index of
the folded text's 1- and 2-letter pieces, longer texts in its pg_trgm index. A broad text is told
"more" without its ids (at once when the administrations it finds hold more than the cap, else
after counting up to the cap); a search with a filter is planned for its values (a pool with
\`plan_cache_mode = force_custom_plan\`: the generic plan of \`12\` with state = fout took 1.6 s) and
first asks which administrations the filter leaves (one row: their ids, and how many rows those
the text finds by description bring, from their division counts): the divisions are then read by
administration id and their own mapping, which the planner can estimate, where it had guessed the
health's per-row state and read every division (\`12\` with state = fout 46–84 ms at 100,000
before); above the cap from those numbers alone, else counted with the text's LIKE alone. Target:
100,000 / 100 ≤ 1.5 for every search and sort (issue 23), ≤ 1.1 before.

| query | 100 | 10,000 | 100,000 | 100,000 / 100 (median) |
|---|---|---|---|---|
${rows.join("\n")}

CSV export of 100,000 rows (cursor in batches of 500, csv-stringify, into a sink), with the
server's Node options (\`${SERVER_NODE_OPTIONS}\`, lib/runtime/server-node-options.ts):
${(exportMs / 1000).toFixed(2)} s, ${(bytes / 2 ** 20).toFixed(1)} MiB written, peak memory
${((peak - idle) / 2 ** 20).toFixed(1)} MB RSS over the idle process (target ≤ 64 MB); JS heap in use at most
${((peakHeap - idleHeap) / 2 ** 20).toFixed(1)} MB over idle.

- Date: ${new Date().toISOString().slice(0, 10)}
- Machine: ${describeMachine()}; load average (1 / 5 / 15 min) at the start: ${loadAtStart}, at the end: ${load}
- Node ${process.version}; PostgreSQL ${(await sql<{ server_version: string }[]>`show server_version`)[0].server_version}
`;
// BENCH_DRY=1: printed only, docs/BENCHMARKS.md left as it is (while iterating).
if (!process.env.BENCH_DRY) writeBenchmarkSection("overview", body);
console.log(body);
await closeDb();
await db.stop();
