import { AggregatorRegistry } from "prom-client";
import type { MetricsJson } from "./web-metrics-socket";

/**
 * One page from several processes' metrics (prom-client's own aggregation, as its cluster mode
 * does): counters and histograms add up, the rate-limit gauge takes the lowest. Node's process
 * metrics carry a `process` label, so each process keeps its own series; the one prom-client
 * would drop when merging (process_start_time_seconds) is kept for the same reason.
 */
export async function mergeMetrics(parts: MetricsJson[]): Promise<{ contentType: string; body: string }> {
  const kept = parts.map((part) =>
    part.map((metric) => (metric.aggregator === "omit" ? { ...metric, aggregator: "first" as const } : metric)),
  );
  const registry = AggregatorRegistry.aggregate(kept);
  return { contentType: registry.contentType, body: await registry.metrics() };
}
