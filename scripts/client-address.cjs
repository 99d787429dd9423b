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

let subscribed = false;
function stampClientAddresses() {
  if (subscribed) return;
  subscribed = true;
  const hops = trustedHops();
  // Published before the server emits 'request', so the header is there for everything after.
  diagnostics.subscribe("http.server.request.start", ({ request, socket }) => {
    request.headers[HEADER] = clientAddressOf(request.headers["x-forwarded-for"], socket?.remoteAddress, hops);
  });
}

stampClientAddresses();

module.exports = { HEADER, clientAddressOf, stampClientAddresses };
