// Where the metrics are served: METRICS_HOST (default 127.0.0.1: this machine only) and
// METRICS_PORT (default 9464, Prometheus's registered port for Node exporters; `off` turns it off).

export const DEFAULT_METRICS_PORT = 9464;

export type MetricsSettings = { serve: true; host: string; port: number } | { serve: false; problem?: string };

/**
 * `byDefault`: `npm start` serves them unless told not to; `npm run worker` alone only when
 * METRICS_PORT is set for it (so a worker beside a portal does not fight it for the port).
 */
export function metricsSettings(env: Record<string, string | undefined>, byDefault: boolean): MetricsSettings {
  const raw = env.METRICS_PORT?.trim();
  if (raw?.toLowerCase() === "off") return { serve: false };
  if (!raw && !byDefault) return { serve: false };
  const port = raw ? Number(raw) : DEFAULT_METRICS_PORT;
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    return { serve: false, problem: `METRICS_PORT must be a port number (1–65535) or off, not ${JSON.stringify(raw)}` };
  }
  return { serve: true, host: env.METRICS_HOST?.trim() || "127.0.0.1", port };
}
