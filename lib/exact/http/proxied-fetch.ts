import "server-only";
import { createHash } from "node:crypto";
import { ProxyAgent, fetch as undiciFetch } from "undici";
import { checkProxyLiteral, guardedLookup } from "@/lib/network/proxy-guard";
import { type ProxySettings, proxyAuthorization, proxyUrl } from "@/lib/network/proxy-settings";

/** How long setting up a connection (to the proxy, and TLS to Exact through it) may take. */
export const CONNECT_TIMEOUT_MS = 10_000;

// One agent per proxy and credentials, kept: undici reuses the tunnel for later calls, so a
// page loop or a refresh right before a call does not open a new CONNECT each time. A changed
// password gives another key; the oldest agents are closed when many pile up.
const MAX_AGENTS = 32;
const agents = new Map<string, ProxyAgent>();

function agentFor(proxy: ProxySettings): ProxyAgent {
  const url = proxyUrl(proxy);
  const uri = url.href;
  const token = proxyAuthorization(proxy);
  // Hashed so the credentials do not sit in the map's keys in clear text.
  const key = createHash("sha256")
    .update(`${uri}\n${token ?? ""}`)
    .digest("hex");
  let agent = agents.get(key);
  if (!agent) {
    agent = new ProxyAgent({
      uri,
      ...(token ? { token } : {}),
      // Always CONNECT, http targets too (undici 8 forwards plain http unless told): the
      // simulator and tests speak http, Exact speaks https, and both must take the same path.
      proxyTunnel: true,
      // `timeout` of the connectors: TCP (and TLS for an https proxy) to the proxy, and the
      // TLS handshake with Exact inside the tunnel.
      // `lookup`: the proxy's name is checked on the addresses the socket connects to, on
      // every new connection (proxy-guard.ts).
      proxyTls: { timeout: CONNECT_TIMEOUT_MS, lookup: guardedLookup(url) },
      requestTls: { timeout: CONNECT_TIMEOUT_MS },
    });
    agents.set(key, agent);
    while (agents.size > MAX_AGENTS) {
      const [oldestKey, oldest] = agents.entries().next().value as [string, ProxyAgent];
      agents.delete(oldestKey);
      void oldest.close().catch(() => {});
    }
  }
  return agent;
}

/**
 * fetch through an administration's proxy (undici's ProxyAgent: CONNECT, also for http
 * targets). Used for every call made for that administration, token refreshes included.
 */
export function proxiedFetch(proxy: ProxySettings): typeof fetch {
  const url = proxyUrl(proxy);
  return (async (input: string | URL | Request, init?: RequestInit) => {
    // An address typed as the host never reaches `lookup`: it is checked here, on every use
    // (a proxy saved before the guard, or taken off PROXY_ALLOWED_HOSTS since, is refused).
    checkProxyLiteral(url);
    return (await undiciFetch(input as string, {
      ...(init as object),
      dispatcher: agentFor(proxy),
    })) as unknown as Response;
  }) as typeof fetch;
}

/** Closes every kept proxy agent (tests, shutdown). */
export async function closeProxyAgents(): Promise<void> {
  const all = [...agents.values()];
  agents.clear();
  await Promise.all(all.map((a) => a.close().catch(() => {})));
}
