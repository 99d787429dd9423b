// Next calls register() once when a server starts. A portal server counts among the processes
// that share the calls in flight per Exact user and division (lib/exact/api/live-processes.ts)
// from its start: a burst reaching freshly started instances must find each of them counted.
// With OTEL_EXPORTER_OTLP_ENDPOINT set it also sends traces; without it no tracing code loads.
import { tracingWanted } from "@/lib/telemetry/active-tracer";

export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (tracingWanted()) {
    const { startTracing } = await import("@/lib/telemetry/start-tracing");
    startTracing("koppeling");
  }
  if (!process.env.DATABASE_URL) return;
  // Under `npm start` the start process serves /metrics and asks this server for its own here.
  const metricsSocket = process.env.KOPPELING_METRICS_SOCKET;
  if (metricsSocket) (await import("@/lib/metrics/web-metrics-socket")).exposeWebMetrics(metricsSocket);
  const { liveProcesses } = await import("@/lib/exact/api/live-processes");
  await liveProcesses();
  // The record of calls to Exact made by this server's pages and API is written before it exits.
  const { flushExactCallsOnStop } = await import("@/lib/exact/activity/exact-call-recorder");
  flushExactCallsOnStop();
}
