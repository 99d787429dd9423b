// Loaded into the Next.js server process beside client-address.cjs (`node --require`, as
// `npm start` does): a stop that never closes a kept-alive connection under a request.
//
// On SIGTERM Next.js calls server.close(), and Node's close() destroys every idle keep-alive
// connection at once. A load balancer (nginx) may be writing the next request into one of them
// at that moment: the request is lost, and for a POST nginx cannot know whether it ran, so it
// answers 502 rather than send it elsewhere. Instead, once a stop begins:
// - every answer not yet begun says "Connection: close" and its connection is closed after it,
//   which the load balancer reads before it would send another request there;
// - idle connections are left to the load balancer, which closes them after its own idle time
//   (nginx: the upstream's keepalive_timeout, 4 s in deploy/nginx.conf), or to Node's
//   keep-alive time (5 s, which `npm start` gives `next start` explicitly), whichever comes
//   first. What is still idle after IDLE_GRACE_MS is closed as Node would have at once: by then
//   nginx closed its own, and what is left is a connection that never sent a request (a
//   browser's preconnect, a TCP health check), which would otherwise hold the stop until the
//   grace ran out, since Node's close() also ends the time-outs that would close it.
// Node's own diagnostics channels tell it the connections and requests; the only change to the
// server is its closeIdleConnections, for this process's stop only.
const diagnostics = require("node:diagnostics_channel");

/** Longer than nginx's idle time towards the instances (4 s) and Node's keep-alive time (5 s). */
const IDLE_GRACE_MS = 6_000;

/** Each HTTP server's open connections. */
const servers = new Map();
/** Connections with an answer under way: never closed by the stop. */
const busy = new Map();
const unanswered = new Set();
let draining = false;

/** The stop's close() leaves idle connections alone for IDLE_GRACE_MS, then closes what is left. */
function holdIdleConnections(server, connections) {
  server.closeIdleConnections = () => {};
  setTimeout(() => {
    for (const socket of connections) if (!busy.has(socket)) socket.destroy();
  }, IDLE_GRACE_MS).unref();
}

/** From now on no connection is kept alive, and none is closed while idle by the stop (for a while). */
function startDraining() {
  if (draining) return;
  draining = true;
  for (const [server, connections] of servers) holdIdleConnections(server, connections);
  for (const response of unanswered) if (!response.headersSent) response.shouldKeepAlive = false;
}

/** At most this long for what must be written before the process exits (the call record). */
const EXIT_FLUSH_MS = 3_000;

/**
 * Next.js calls process.exit as soon as the server has closed, which can cut short the write of
 * the record of the last call answered. During a stop, the exit first runs what the portal's
 * modules registered on globalThis.__koppelingBeforeExit (each a promise), up to EXIT_FLUSH_MS.
 */
function exitAfterWrites() {
  const exit = process.exit;
  process.exit = function exitWhenWritten(code) {
    const writes = globalThis.__koppelingBeforeExit;
    if (!draining || !writes || writes.size === 0) return exit.call(process, code);
    process.exit = exit;
    if (code !== undefined) process.exitCode = code;
    const cap = new Promise((resolve) => setTimeout(resolve, EXIT_FLUSH_MS).unref());
    Promise.race([Promise.allSettled([...writes].map((write) => write())), cap]).then(() => exit.call(process, code));
  };
}

function watchConnections() {
  diagnostics.subscribe("net.server.socket", ({ socket }) => {
    const server = socket.server;
    if (typeof server?.closeIdleConnections !== "function") return; // not an HTTP server
    let connections = servers.get(server);
    if (!connections) {
      connections = new Set();
      servers.set(server, connections);
      if (draining) holdIdleConnections(server, connections);
    }
    connections.add(socket);
    socket.once("close", () => connections.delete(socket));
  });
  // Published before the response is given its socket: the socket is the message's own.
  diagnostics.subscribe("http.server.request.start", ({ response, socket }) => {
    busy.set(socket, (busy.get(socket) ?? 0) + 1);
    response.once("close", () => {
      const left = (busy.get(socket) ?? 1) - 1;
      if (left > 0) busy.set(socket, left);
      else busy.delete(socket);
    });
    if (draining) {
      response.shouldKeepAlive = false;
      return;
    }
    unanswered.add(response);
    response.once("close", () => unanswered.delete(response));
  });
  // Before Next's own handlers (this file is loaded first), so the stop finds it draining.
  for (const signal of ["SIGTERM", "SIGINT"]) process.prependListener(signal, startDraining);
}

watchConnections();
exitAfterWrites();

module.exports = { startDraining };
