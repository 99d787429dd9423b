import { existsSync, unlinkSync } from "node:fs";
import { createServer, request } from "node:http";
import type { MetricObjectWithValues, MetricValue } from "prom-client";
import { collectProcessMetrics, portalMetrics } from "./portal-metrics";

// `npm start` runs the web server (Next) in a child process: the start process serves /metrics
// for both and asks the web server for its own over a unix socket (KOPPELING_METRICS_SOCKET, a
// path the start process chooses). A socket file, not a port: nothing on the network reaches it.

export type MetricsJson = MetricObjectWithValues<MetricValue<string>>[];

/** In the web server: answers every request on `socketPath` with this process's metrics as JSON. */
export function exposeWebMetrics(socketPath: string): void {
  // Once per process (`next dev` may register the instrumentation again).
  const exposed = globalThis as unknown as { __koppelingMetricsSocket?: string };
  if (exposed.__koppelingMetricsSocket === socketPath) return;
  exposed.__koppelingMetricsSocket = socketPath;
  collectProcessMetrics("web");
  // A file left by a process killed before it could remove it would refuse the listen.
  try {
    if (existsSync(socketPath)) unlinkSync(socketPath);
  } catch {}
  const server = createServer((_req, res) => {
    portalMetrics()
      .registry.getMetricsAsJSON()
      .then(
        (json) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(json)),
        () => res.writeHead(500).end(),
      );
  });
  // A socket that cannot be made costs the page the web server's own metrics, never the server.
  server.on("error", (e) =>
    console.warn(`[koppeling] The web server's metrics are not served: ${(e as NodeJS.ErrnoException).code ?? e}.`),
  );
  server.listen(socketPath);
  server.unref();
  process.once("exit", () => {
    try {
      unlinkSync(socketPath);
    } catch {}
  });
}

/** In the start process: the web server's metrics, or an empty list when it does not answer in time. */
export function readWebMetrics(socketPath: string, timeoutMs = 2_000): Promise<MetricsJson> {
  return new Promise((resolve) => {
    const req = request({ socketPath, path: "/", timeout: timeoutMs }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => {
        body += chunk;
      });
      res.on("end", () => {
        try {
          resolve(res.statusCode === 200 ? (JSON.parse(body) as MetricsJson) : []);
        } catch {
          resolve([]);
        }
      });
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve([]));
    req.end();
  });
}
