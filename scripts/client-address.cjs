// Loaded into the Next.js server process (`node --require scripts/client-address.cjs`, as
// `npm start`, `npm run dev` and the end-to-end setup do): stamps every request with the
// client's address in the x-koppeling-client-address header, which sign-in throttling reads.
// Next.js exposes no socket address to route handlers, and fills X-Forwarded-For from the
// socket only when the request brought none, so a client talking to the portal directly could
// choose its own. Here: with TRUSTED_PROXY_HOPS=0 (the default) the socket's address; with N > 0
// proxies in front, the entry the nearest of them added (the N-th from the right of
// X-Forwarded-For). Whatever the client sent in the header itself is replaced. Plain JavaScript,
// so node loads it without a build; node's own diagnostics channel, no monkey-patching.
const diagnostics = require("node:diagnostics_channel");

const HEADER = "x-koppeling-client-address";

/** The client's address from the socket's and the X-Forwarded-For header's, per trusted hops. */
function clientAddressOf(forwardedFor, socketAddress, hops) {
  const socket = (socketAddress ?? "").replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "");
  if (!(hops > 0)) return socket;
  const entries = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? ""))
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  // Fewer entries than proxies: the request did not come through them all; the leftmost there is.
  return entries[Math.max(0, entries.length - hops)] ?? socket;
}

function trustedHops() {
  const hops = Number(process.env.TRUSTED_PROXY_HOPS ?? 0);
  return Number.isInteger(hops) && hops > 0 ? hops : 0;
}

/**
 * Requests that carry X-Forwarded-For while TRUSTED_PROXY_HOPS=0 come through a proxy the
 * portal was not told about: every client then has the proxy's address, and twenty bad tries
 * lock everyone out. Said once, in the server log's own shape (pino's JSON line, level warn).
 */
function forwardedWarning(write = (line) => process.stderr.write(line)) {
  let warned = false;
  return (forwardedFor, hops) => {
    if (warned || hops > 0 || !forwardedFor) return false;
    warned = true;
    const msg =
      "Requests carry X-Forwarded-For but TRUSTED_PROXY_HOPS=0: every client shares the proxy's address for sign-in throttling. Set TRUSTED_PROXY_HOPS to the number of proxies in front of the portal.";
    write(`${JSON.stringify({ level: 40, time: Date.now(), pid: process.pid, msg })}\n`);
    return true;
  };
}

let subscribed = false;
function stampClientAddresses() {
  if (subscribed) return;
  subscribed = true;
  const hops = trustedHops();
  const warnForwarded = forwardedWarning();
  // Published before the server emits 'request', so the header is there for everything after.
  diagnostics.subscribe("http.server.request.start", ({ request, socket }) => {
    warnForwarded(request.headers["x-forwarded-for"], hops);
    request.headers[HEADER] = clientAddressOf(request.headers["x-forwarded-for"], socket?.remoteAddress, hops);
  });
}

stampClientAddresses();

module.exports = { HEADER, clientAddressOf, forwardedWarning, stampClientAddresses };
