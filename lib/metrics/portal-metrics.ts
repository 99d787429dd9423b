import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import { lowestRateLimitRemaining } from "./rate-limit-low-water";

// The portal's own metrics, counted where things happen (lib/exact, lib/auth, lib/notify,
// lib/public-api) and read by the metrics endpoint (serve-metrics.ts). One set per process, kept
// on globalThis: Next bundles a module into more than one server chunk, and every copy must
// count into the same set. Labels are bounded: never a login, key or user.

/** Which portal process: `npm start` runs the web server (Next) and the job worker apart. */
export type PortalProcess = "web" | "worker";

function createMetrics() {
  const registry = new Registry();
  const registers = [registry];
  return {
    registry,
    tokenRefreshes: new Counter({
      name: "koppeling_token_refresh_total",
      help: "Refreshes of an Exact token pair, by result: ok, refused (the login is dead), temporary, in_doubt (the answer was lost).",
      labelNames: ["result"] as const,
      registers,
    }),
    tokenRefreshDuration: new Histogram({
      name: "koppeling_token_refresh_duration_seconds",
      help: "Time Exact's token endpoint took to answer a refresh (or to fail).",
      // Exact has taken 35 s; the call gives up at 90 s.
      buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 40, 90],
      registers,
    }),
    leaseWait: new Histogram({
      name: "koppeling_refresh_lease_wait_seconds",
      help: "Time a caller that needed a refresh waited for the refresh lease (or for another holder's refresh).",
      buckets: [0.005, 0.025, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 90],
      registers,
    }),
    exactRequests: new Counter({
      name: "koppeling_exact_requests_total",
      help: "HTTP requests to Exact's REST API, by caller (portal, keepalive, api) and status class (2xx…5xx, network).",
      labelNames: ["caller", "status_class"] as const,
      registers,
    }),
    exactRequestDuration: new Histogram({
      name: "koppeling_exact_request_duration_seconds",
      help: "Time until Exact's REST API answered a request with its headers (or failed), by caller.",
      labelNames: ["caller"] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    rateLimitRemaining: new Gauge({
      name: "koppeling_exact_ratelimit_remaining",
      help: "The lowest X-RateLimit remaining Exact sent in the current window (minutely, daily), over all divisions.",
      labelNames: ["window"] as const,
      // Over the web server and the worker: the lowest of both.
      aggregator: "min",
      registers,
      collect() {
        for (const window of ["minutely", "daily"] as const) {
          const remaining = lowestRateLimitRemaining(window, Date.now());
          if (remaining === null) this.remove({ window });
          else this.set({ window }, remaining);
        }
      },
    }),
    notifications: new Counter({
      name: "koppeling_notifications_total",
      help: "Notifications of a login's change of state, by channel (email, webhook) and result (sent, failed).",
      labelNames: ["channel", "result"] as const,
      registers,
    }),
    apiRequests: new Counter({
      name: "koppeling_api_requests_total",
      help: "Requests to the public API (/api/v1), by status class.",
      labelNames: ["status_class"] as const,
      registers,
    }),
    signIns: new Counter({
      name: "koppeling_sign_ins_total",
      help: "Sign-in attempts, by result (ok, invalid, throttled, blocked).",
      labelNames: ["result"] as const,
      registers,
    }),
    processMetrics: false,
  };
}

const cache = globalThis as unknown as { __koppelingMetrics?: ReturnType<typeof createMetrics> };

export function portalMetrics(): ReturnType<typeof createMetrics> {
  cache.__koppelingMetrics ??= createMetrics();
  return cache.__koppelingMetrics;
}

/**
 * Adds Node's process metrics (process_*, nodejs_*) under their usual names, labelled with the
 * process they describe: the web server's and the worker's memory are two series, not a sum.
 */
export function collectProcessMetrics(process: PortalProcess): void {
  const metrics = portalMetrics();
  if (metrics.processMetrics) return;
  metrics.processMetrics = true;
  collectDefaultMetrics({ register: metrics.registry, labels: { process } });
}
