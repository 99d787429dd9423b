import "server-only";
import { EnvHttpProxyAgent, fetch as undiciFetch } from "undici";

let agent: EnvHttpProxyAgent | undefined;

/**
 * fetch for calls made for a login alone (code exchange, refresh, current/Me): through the
 * standard HTTPS_PROXY / HTTP_PROXY / NO_PROXY outbound proxy when one is set, directly
 * otherwise. Administrations' own proxies are applied by the API client.
 */
export const outboundFetch: typeof fetch = (input, init) => {
  const proxied =
    process.env.HTTPS_PROXY || process.env.https_proxy || process.env.HTTP_PROXY || process.env.http_proxy;
  if (!proxied) return fetch(input, init);
  agent ??= new EnvHttpProxyAgent();
  return undiciFetch(input as string, { ...(init as object), dispatcher: agent }) as unknown as Promise<Response>;
};
