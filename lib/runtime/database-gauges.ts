import "server-only";
import { Gauge, Registry } from "prom-client";
import { administrationCountsByState, loginCountsByState } from "@/lib/data/state-counts";
import { lastKeepAliveRun, queueBacklog } from "@/lib/jobs/queue-state";
import { logger } from "@/lib/log/logger";
import type { MetricsJson } from "@/lib/metrics/web-metrics-socket";

// The metrics that are facts in the database, not counts of one process: read at each scrape,
// by the one process that serves /metrics (so never twice over).

/** A scrape does not wait longer than this for the database. */
const READ_TIMEOUT_MS = 3_000;

function createGauges() {
  const registry = new Registry();
  const registers = [registry];
  return {
    registry,
    logins: new Gauge({
      name: "koppeling_oauth_logins",
      help: "OAuth logins per environment and state (pending, active, expiring, needs_reauth, error).",
      labelNames: ["environment", "state"] as const,
      registers,
    }),
    administrations: new Gauge({
      name: "koppeling_administrations",
      help: "Administrations per environment and state, as the overview shows it.",
      labelNames: ["environment", "state"] as const,
      registers,
    }),
    keepAliveLastRun: new Gauge({
      name: "koppeling_keepalive_last_run_timestamp_seconds",
      help: "When the scheduled keep-alive last completed (Unix time); absent until it has.",
      registers,
    }),
    jobsWaiting: new Gauge({
      name: "koppeling_jobs_waiting",
      help: "Jobs due and not yet taken by a worker, per queue.",
      labelNames: ["queue"] as const,
      registers,
    }),
    oldestWaiting: new Gauge({
      name: "koppeling_jobs_oldest_waiting_seconds",
      help: "How long the oldest job due and not yet taken has waited, per queue (0 when none waits).",
      labelNames: ["queue"] as const,
      registers,
    }),
  };
}

let gauges: ReturnType<typeof createGauges> | undefined;

async function read(g: ReturnType<typeof createGauges>): Promise<void> {
  const [logins, administrations, lastRun, backlog] = await Promise.all([
    loginCountsByState(),
    administrationCountsByState(),
    lastKeepAliveRun(),
    queueBacklog(),
  ]);
  for (const gauge of Object.values(g)) if (gauge instanceof Gauge) gauge.reset();
  for (const { environment, state, count } of logins) g.logins.set({ environment, state }, count);
  for (const { environment, state, count } of administrations) g.administrations.set({ environment, state }, count);
  if (lastRun) g.keepAliveLastRun.set(lastRun.getTime() / 1000);
  for (const { queue, waiting, oldestWaitingSeconds } of backlog) {
    g.jobsWaiting.set({ queue }, waiting);
    g.oldestWaiting.set({ queue }, oldestWaitingSeconds);
  }
}

/**
 * The database's gauges as metrics JSON. When the database does not answer in time the page
 * goes out without them (the process metrics still tell something), and the log says why.
 */
export async function databaseGauges(): Promise<MetricsJson> {
  gauges ??= createGauges();
  const g = gauges;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      read(g),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${READ_TIMEOUT_MS} ms`)), READ_TIMEOUT_MS);
      }),
    ]);
    return await g.registry.getMetricsAsJSON();
  } catch (e) {
    logger.warn({ err: e }, "metrics: the database's gauges could not be read");
    return [];
  } finally {
    clearTimeout(timer);
  }
}
