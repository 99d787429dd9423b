// `npm run soak -- --minutes N --seed S`: the randomized fault soak (README, "The fault soak").
// Its own PostgreSQL, the simulator with short token lifetimes, 20 linked logins, three portal
// processes calling Exact through the portal's one door and two job workers keeping logins
// alive, while faults drawn from the seed happen to them. At the end the checker compares every
// login's stored refresh token with the simulator's ledger. Exit code 1 when a login was lost.
import { createHash } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { type FaultKind, faultSchedule, faultSpanMs, SETTLE_MS } from "./soak/fault-schedule";
import { startSoakPostgres } from "./soak/soak-postgres";
import { SupervisedProcess } from "./soak/supervised-process";

const { values } = parseArgs({
  options: { minutes: { type: "string", default: "2" }, seed: { type: "string" } },
});
const minutes = Number(values.minutes);
const seed = values.seed === undefined ? Math.floor(Math.random() * 1_000_000) : Number(values.seed);
if (!(minutes >= 1.5) || !Number.isInteger(seed)) {
  console.error("usage: npm run soak -- --minutes N (≥ 1.5) --seed S (a whole number)");
  process.exit(2);
}

const LOGINS = 20;
/** Exact's access tokens (and the portal's, which follows expires_in) live 60 s, not 600: ten times as fast. */
const ACCESS_TOKEN_SECONDS = 60;
const TOKEN_TIMEOUT_MS = 15_000;
const say = (line: string) => console.log(`[soak] ${line}`);

const dir = path.resolve(".data", "soak", String(seed));
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const pg = await startSoakPostgres(path.join(dir, "postgres"), Number(process.env.SOAK_POSTGRES_PORT ?? 54430));
// Stopped from outside (Ctrl+C, a test's time-out) at any moment, set-up included: what it has
// started so far is stopped, the last started first (PostgreSQL runs in a process group of its own).
const stopOnSignal: (() => Promise<unknown>)[] = [() => pg.stop()];
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, async () => {
    say(`${signal}: stopping`);
    // What was under way fails as its parts stop (a call to the simulator closed under it): expected now.
    process.on("uncaughtException", () => {});
    process.on("unhandledRejection", () => {});
    for (const stop of stopOnSignal.reverse()) await stop().catch(() => {});
    process.exit(130);
  });
}
process.env.DATABASE_URL = pg.url;
process.env.DATABASE_APPLICATION_NAME = "koppeling-soak";
// The soak's own process: its heartbeat fails while PostgreSQL restarts, by design.
process.env.LOG_LEVEL ??= "error";

// The portal's modules read their settings when first used: imported after the environment is set.
const { migrateDatabase } = await import("@/lib/runtime/migrate-database");
const { closeDb, getDb } = await import("@/db/client");
const { oauthLogins } = await import("@/db/schema");
const { refreshTokenColumn } = await import("@/lib/crypto/secret-columns");
const { ensureDefaultEnvironments, listEnvironments } = await import("@/lib/data/environments");
const { startAuthorization, completeAuthorization } = await import("@/lib/links/consent-round-trip");
const { readCurrentMe } = await import("@/lib/exact/read-current-me");
const { crowdFixture, crowdUser, CROWD_PASSWORD, linkCrowd } = await import("../tests/support/crowd-fixture");
const { consentInExact, startSimulatorForPortal, simControl, simCounters } = await import(
  "../tests/support/exact-simulator"
);
const { actorOf, makeUser } = await import("../tests/support/users");
const { injectFault } = await import("./soak/inject-fault");
const { judgeLogin, earlyRefreshesInLedger } = await import("./soak/check-ledger");

await migrateDatabase(pg.url);
await ensureDefaultEnvironments();
const sim = await startSimulatorForPortal({ fixturePath: crowdFixture(LOGINS) });
stopOnSignal.push(() => sim.close());
const baseOptions = {
  accessTokenSeconds: ACCESS_TOKEN_SECONDS,
  // 20 logins share one division, and each login refreshes ten times as often as with Exact:
  // the day and minute limits are lifted, and lowered only by the 429 faults.
  apiCallsPerMinute: 1_000_000,
  apiCallsPerDay: 100_000_000,
  tokenCallsPerDay: 1_000_000,
  latencyMs: { min: 20, max: 200 },
};
await simControl(sim, "options", baseOptions);
const admin = actorOf(await makeUser("soak@example.nl", "admin"));
const environmentId = (await listEnvironments())[0].id;
const loginIds = await linkCrowd(sim, admin, environmentId, LOGINS);
const userOf = new Map(loginIds.map((id, i) => [id, crowdUser(i + 1)]));
say(`seed ${seed}, ${minutes} min, ${LOGINS} logins linked, PostgreSQL ${pg.url.replace(/:[^:@/]*@/, ":…@")}`);

const childEnv = {
  EXACT_REFRESH_LEASE_MS: "3000",
  EXACT_TOKEN_TIMEOUT_MS: String(TOKEN_TIMEOUT_MS),
  DATABASE_POOL_SIZE: "4",
  KEEPALIVE_CRON: "* * * * *",
  KEEPALIVE_AFTER: "1m",
  KEEPALIVE_RETRY_DELAY_SECONDS: "5",
  JOB_POLL_SECONDS: "1",
  METRICS_PORT: "off",
  LOG_LEVEL: "warn",
};
// Callers use 14 of the logins; the other 6 only the keep-alive refreshes.
const callerLogins = loginIds.slice(0, 14);
const portals = [1, 2, 3].map(
  (n) =>
    new SupervisedProcess(
      `portal-${n}`,
      ["scripts/soak/soak-caller.mts", "3", ...callerLogins],
      childEnv,
      path.join(dir, `portal-${n}.log`),
    ),
);
const workers = [1, 2].map(
  (n) => new SupervisedProcess(`worker-${n}`, ["scripts/worker.mts"], childEnv, path.join(dir, `worker-${n}.log`)),
);
for (const p of [...portals, ...workers]) p.start();
stopOnSignal.push(() => Promise.all([...portals, ...workers].map((p) => p.stop(2_000))));

const sql = postgres(pg.url, { max: 1, onnotice: () => {} });
const world = {
  sim,
  pg,
  sql,
  portals,
  workers,
  userNames: loginIds.map((id) => userOf.get(id) as string),
  kills: [],
  baseOptions,
  tokenTimeoutMs: TOKEN_TIMEOUT_MS,
};

const sha256 = (token: string) => createHash("sha256").update(token).digest("base64url");
type Row = typeof oauthLogins.$inferSelect;
const atEnd = (row: Row) => ({
  id: row.id,
  userName: userOf.get(row.id) as string,
  status: row.status,
  lastError: row.lastError,
  storedSha256: row.refreshTokenEnc ? sha256(refreshTokenColumn.open(row.id, row.refreshTokenEnc)) : null,
  inDoubt: row.refreshInDoubtAt !== null || row.refreshLeaseOwner !== null,
});
const ledger = async () => (await (await fetch(`${sim.url}/_control/ledger`)).json()).chains;
const rows = async () => (await getDb().select().from(oauthLogins)).filter((r) => userOf.has(r.id));
const evidence = () => ({ kills: world.kills, tokenTimeoutMs: TOKEN_TIMEOUT_MS });

/** Logins that need a new consent: judged now, then linked again as a person would. */
const reconsents: { loginId: string; kind: string; why: string }[] = [];
async function reconsentDeadLogins(): Promise<void> {
  const dead = (await rows()).filter((r) => r.status === "needs_reauth");
  if (!dead.length) return;
  const chains = await ledger();
  for (const row of dead) {
    const verdict = judgeLogin(atEnd(row), chains, evidence());
    reconsents.push({ loginId: row.id, kind: verdict.kind, why: "why" in verdict ? verdict.why : "" });
    say(`${userOf.get(row.id)} needs a new consent (${row.lastError}): ${verdict.kind}, ${reconsents.at(-1)?.why}`);
    const url = await startAuthorization(admin, environmentId, row.id, false);
    const outcome = await completeAuthorization(
      admin,
      await consentInExact(sim, url, { userName: userOf.get(row.id), password: CROWD_PASSWORD }),
    );
    if (outcome.kind !== "success") say(`linking ${userOf.get(row.id)} again failed: ${outcome.notice}`);
  }
}

// The faults, at their drawn moments, one after the other.
const schedule = faultSchedule(seed, faultSpanMs(minutes));
say(`faults drawn: ${schedule.length} — ${schedule.map((d) => d.kind).join(", ")}`);
const outcomes: { kind: FaultKind; hit: boolean; note: string }[] = [];
const startedAt = Date.now();
let nextReconsent = Date.now() + 15_000;
for (const draw of schedule) {
  while (Date.now() - startedAt < draw.atMs) {
    await sleep(Math.min(250, draw.atMs - (Date.now() - startedAt)));
    if (Date.now() > nextReconsent) {
      nextReconsent = Date.now() + 15_000;
      await reconsentDeadLogins().catch((e) => say(`re-consent round failed: ${e}`));
    }
  }
  try {
    const outcome = await injectFault(world, draw);
    outcomes.push({ kind: draw.kind, ...outcome });
    say(
      `${Math.round((Date.now() - startedAt) / 1000)} s ${draw.kind}: ${outcome.hit ? "" : "missed, "}${outcome.note}`,
    );
  } catch (e) {
    outcomes.push({ kind: draw.kind, hit: false, note: String(e) });
    say(`${draw.kind} could not be injected: ${e}`);
  }
}

// Settling: no more faults; every process running; every token stored before has run out.
await fetch(`${sim.url}/_control/fault`, { method: "DELETE" });
await simControl(sim, "options", baseOptions);
say("faults over; settling");
await sleep(SETTLE_MS);
await reconsentDeadLogins();
// Each login once more through the one door (a refresh where due): a lost answer is found out now.
for (const id of loginIds) await readCurrentMe({ loginId: id, caller: "portal" }).catch(() => {});
await reconsentDeadLogins();
for (const p of [...portals, ...workers]) await p.stop();

// The checker.
const chains = await ledger();
const verdicts = (await rows()).map((row) => ({ row, verdict: judgeLogin(atEnd(row), chains, evidence()) }));
const counters = await simCounters(sim);
const callerCounts: Record<string, number> = {};
for (const p of portals)
  for (const run of p.stats) for (const [k, n] of Object.entries(run)) callerCounts[k] = (callerCounts[k] ?? 0) + n;
const countBy = <T,>(items: T[], key: (t: T) => string) => {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
};
const lost = [
  ...verdicts
    .filter((v) => v.verdict.kind !== "kept")
    .map((v) => ({ loginId: v.row.id, kind: v.verdict.kind, why: "why" in v.verdict ? v.verdict.why : "" })),
  ...reconsents.filter((r) => r.kind === "lost"),
];
const result = {
  seed,
  minutes,
  logins: LOGINS,
  faultsDrawn: countBy(schedule, (d) => d.kind),
  faultsMissed: countBy(
    outcomes.filter((o) => !o.hit),
    (o) => o.kind,
  ),
  restarts: Object.fromEntries([...portals, ...workers].map((p) => [p.name, p.starts - 1])),
  tokenCalls: { refresh: counters.token.refresh_token, code: counters.token.authorization_code },
  apiCalls: counters.api,
  callerOutcomes: callerCounts,
  reconsentsExplained: reconsents.filter((r) => r.kind === "lost-answer").length,
  reconsentsByCause: countBy(reconsents, (r) => r.why),
  loginsLost: lost.filter((l) => l.kind === "lost").length,
  loginsNotKeptAtEnd: verdicts.filter((v) => v.verdict.kind !== "kept").length,
  refreshesTooEarly: counters.token.refresh_token.too_early,
  earlyRefreshesInLedger: earlyRefreshesInLedger(chains, (ACCESS_TOKEN_SECONDS - 30) * 1000),
  errorBlocks: counters.errorBlocked,
  errorLogLines: [...portals, ...workers].reduce((n, p) => n + p.errorLines.length, 0),
};
for (const l of lost) say(`login ${userOf.get(l.loginId)} ${l.kind}: ${l.why}`);
for (const p of [...portals, ...workers])
  for (const line of p.errorLines.slice(0, 3)) say(`${p.name} error: ${line.slice(0, 300)}`);
say(
  `seed ${result.seed}; faults drawn ${JSON.stringify(result.faultsDrawn)}; missed ${JSON.stringify(result.faultsMissed)}`,
);
say(
  `token calls (refresh) ${JSON.stringify(result.tokenCalls.refresh)}; caller outcomes ${JSON.stringify(callerCounts)}`,
);
say(
  `logins lost ${result.loginsLost}; new consents after a lost answer ${result.reconsentsExplained}; refreshes too early ${result.refreshesTooEarly}; error blocks ${result.errorBlocks}`,
);
const passed =
  result.loginsLost === 0 &&
  result.loginsNotKeptAtEnd === 0 &&
  result.refreshesTooEarly === 0 &&
  result.earlyRefreshesInLedger === 0 &&
  result.errorBlocks === 0;
console.log(`SOAK-RESULT ${JSON.stringify(result)}`);
say(passed ? "PASSED" : `FAILED — replay with: npm run soak -- --minutes ${minutes} --seed ${seed}`);

await sql.end({ timeout: 1 });
await closeDb();
await sim.close();
await pg.stop();
process.exit(passed ? 0 : 1);
