// A plain Node HTTP server that stops as `next start` does on SIGTERM (server.close(), exit once
// every connection is gone), for tests of what a stop does to kept-alive connections: start it
// with `node [--require scripts/keep-alive-drain.cjs] stopping-http-server.mjs <port>`.
// GET /slow?ms=N answers after N ms; everything else at once. Prints "listening" when it is.
import http from "node:http";

const port = Number(process.argv[2] ?? 0);
const server = http.createServer((request, response) => {
  const url = new URL(request.url ?? "/", "http://x");
  // Read the body (a POST's), then answer.
  request.resume();
  request.on("end", () => {
    const wait = url.pathname === "/slow" ? Number(url.searchParams.get("ms") ?? 1000) : 1 + Math.random() * 3;
    setTimeout(() => {
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify({ ok: true, pid: process.pid }));
    }, wait);
  });
});
process.on("SIGTERM", () => server.close(() => process.exit(143)));
server.listen(port, "127.0.0.1", () => console.log(`listening ${server.address().port}`));
