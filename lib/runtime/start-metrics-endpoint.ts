import "server-only";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { logger } from "@/lib/log/logger";
import { mergeMetrics } from "@/lib/metrics/merge-metrics";
import { metricsSettings } from "@/lib/metrics/metrics-settings";
import { collectProcessMetrics, portalMetrics } from "@/lib/metrics/portal-metrics";
import { serveMetrics } from "@/lib/metrics/serve-metrics";
import { readWebMetrics } from "@/lib/metrics/web-metrics-socket";
import { databaseGauges } from "./database-gauges";

export type MetricsEndpoint = {
  url: string;
  /** For the web server this process starts: where it hands its metrics over (KOPPELING_METRICS_SOCKET). */
  webSocket: string;
};

/**
 * Serves the portal's metrics from this process (the job worker's): its own, the database's
 * gauges, and the web server's, asked over `webSocket` at each scrape. `byDefault`: serve on
 * 9464 unless METRICS_PORT says otherwise (`npm start`); otherwise only when it is set.
 * Says on the console what it did, through `say` (and `warn` for what went wrong); never fails.
 */
export async function startMetricsEndpoint(options: {
  byDefault: boolean;
  say: (line: string) => void;
  warn: (line: string) => void;
}): Promise<MetricsEndpoint | null> {
  const settings = metricsSettings(process.env, options.byDefault);
  if (!settings.serve) {
    if (settings.problem) options.warn(`Metrics not served: ${settings.problem}.`);
    return null;
  }
  collectProcessMetrics("worker");
  // In a directory of its own (mode 0700): no other user can plant or read the socket.
  const socketDir = mkdtempSync(path.join(tmpdir(), "koppeling-metrics-"));
  process.once("exit", () => rmSync(socketDir, { recursive: true, force: true }));
  const webSocket = path.join(socketDir, "web.sock");
  const served = await serveMetrics(
    settings.host,
    settings.port,
    async () =>
      mergeMetrics(
        await Promise.all([portalMetrics().registry.getMetricsAsJSON(), databaseGauges(), readWebMetrics(webSocket)]),
      ),
    (e) => logger.error({ err: e }, "metrics: a scrape failed"),
  );
  if ("problem" in served) {
    options.warn(`Metrics not served: ${served.problem} (METRICS_PORT chooses another port, off turns them off).`);
    return null;
  }
  const url = `http://${settings.host.includes(":") ? `[${settings.host}]` : settings.host}:${settings.port}/metrics`;
  options.say(`Prometheus metrics at ${url} (METRICS_PORT, METRICS_HOST; off to turn off).`);
  return { url, webSocket };
}
