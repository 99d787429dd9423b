import { createServer, type Server } from "node:http";

export type MetricsPage = { contentType: string; body: string };

/**
 * Serves GET /metrics on host:port with what `render` gives. A port that cannot be had (in use,
 * not allowed) is not a failed start: resolves with the reason instead, and the portal runs on.
 */
export function serveMetrics(
  host: string,
  port: number,
  render: () => Promise<MetricsPage>,
  onError: (e: unknown) => void,
): Promise<{ server: Server } | { problem: string }> {
  const server = createServer((req, res) => {
    if (req.method !== "GET" || new URL(req.url ?? "/", "http://metrics").pathname !== "/metrics") {
      res.writeHead(404, { "content-type": "text/plain" }).end("Not found: the metrics are at /metrics\n");
      return;
    }
    render().then(
      (page) => res.writeHead(200, { "content-type": page.contentType }).end(page.body),
      (e) => {
        onError(e);
        res.writeHead(500, { "content-type": "text/plain" }).end("The metrics could not be gathered; see the log.\n");
      },
    );
  });
  return new Promise((resolve) => {
    server.once("error", (e: NodeJS.ErrnoException) => {
      const why = e.code === "EADDRINUSE" ? "is in use" : e.code === "EACCES" ? "is not allowed" : `failed (${e.code})`;
      resolve({ problem: `${host}:${port} ${why}` });
    });
    server.listen(port, host, () => {
      // The stop of the process it serves for decides when it ends, never this server.
      server.unref();
      resolve({ server });
    });
  });
}
