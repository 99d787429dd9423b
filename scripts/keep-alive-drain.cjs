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
//   keep-alive time (5 s), whichever comes first; server.close() then completes as before.
// Node's own diagnostics channel; the only change to the server is its closeIdleConnections,
// for this process's stop only.
const diagnostics = require("node:diagnostics_channel");

const servers = new Set();
const unanswered = new Set();
let draining = false;

/** From now on no connection is kept alive, and none is closed while idle by the stop. */
function startDraining() {
  if (draining) return;
  draining = true;
  for (const server of servers) server.closeIdleConnections = () => {};
  for (const response of unanswered) if (!response.headersSent) response.shouldKeepAlive = false;
}

function watchRequests() {
  diagnostics.subscribe("http.server.request.start", ({ response, server }) => {
    if (!servers.has(server)) {
      servers.add(server);
      if (draining) server.closeIdleConnections = () => {};
    }
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

watchRequests();

module.exports = { startDraining };
