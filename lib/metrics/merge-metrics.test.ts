import { Counter, collectDefaultMetrics, Gauge, Registry } from "prom-client";
import { expect, test } from "vitest";
import { mergeMetrics } from "./merge-metrics";

function processRegistry(process: string, counted: number, remaining: number) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, labels: { process } });
  new Counter({ name: "t_requests_total", help: "h", labelNames: ["caller"], registers: [registry] }).inc(
    { caller: "portal" },
    counted,
  );
  new Gauge({ name: "t_remaining", help: "h", aggregator: "min", registers: [registry] }).set(remaining);
  return registry;
}

test("two processes' metrics: counters add up, the low-water gauge takes the lowest, each keeps its process metrics", async () => {
  const web = await processRegistry("web", 3, 40).getMetricsAsJSON();
  const worker = await processRegistry("worker", 2, 17).getMetricsAsJSON();
  const { body, contentType } = await mergeMetrics([web, worker]);
  expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  expect(body).toContain('t_requests_total{caller="portal"} 5');
  expect(body).toMatch(/^t_remaining 17$/m);
  for (const process of ["web", "worker"]) {
    expect(body).toMatch(new RegExp(`^process_resident_memory_bytes\\{process="${process}"\\} \\d+`, "m"));
    // prom-client drops the start time when it merges processes; labelled per process it stays.
    expect(body).toMatch(new RegExp(`^process_start_time_seconds\\{process="${process}"\\} \\d+`, "m"));
  }
  // One HELP and TYPE per metric: a valid page.
  expect(body.match(/^# TYPE process_resident_memory_bytes /gm)).toHaveLength(1);
});
