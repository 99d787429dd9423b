import "server-only";
import { Agent, fetch as undiciFetch } from "undici";
import { AppError } from "@/lib/errors";
import { isLoopbackHost } from "./is-loopback-host";
import { outboundFetch } from "./outbound-fetch";
import { assertProxyAllowed, checkProxyLiteral, guardedLookup, type ProxyRefusal } from "./proxy-guard";

// An environment's webhook is an address an admin types, and "Stuur testmelding" reports what
// it answered: without a guard, a port scanner with a status oracle into the portal's own
// network. It gets the proxy's rules (proxy-guard.ts): loopback, link-local, unspecified and
// metadata addresses are refused on save and again at connect time, after DNS (rebinding);
// private ranges stay allowed. WEBHOOK_ALLOWED_HOSTS lets the operator allow one anyway. In
// production the address must be https. The operator's own NOTIFY_WEBHOOK_URL is trusted as
// configured and never passes through here.

const ALLOW_LIST = "WEBHOOK_ALLOWED_HOSTS";

/** The message key (under errors.* and settings.notify.failure.*) for a refused webhook address. */
export const webhookRefusalCode = (refusal: ProxyRefusal) => `webhook_refused_${refusal}`;

/** For saving an environment's webhook URL: refuses it as an AppError on `field`. */
export async function assertWebhookAllowed(webhookUrl: string, field: string): Promise<void> {
  const url = new URL(webhookUrl);
  await assertProxyAllowed(url, field, ALLOW_LIST, webhookRefusalCode);
  // Production is a deployment with its own database; the embedded defaults are a laptop. Plain
  // http only to a receiver on this machine (which the operator must have allowed above).
  if (process.env.DATABASE_URL && url.protocol !== "https:" && !isLoopbackHost(url.hostname)) {
    throw new AppError("webhook_https_required", field);
  }
}

const agents = new Map<string, Agent>();

/**
 * fetch for an environment's own webhook: an address typed as the host is checked before the
 * call, a name on the very addresses the socket connects to. Through the operator's outbound
 * proxy (HTTPS_PROXY) the proxy resolves the name, so there only the typed address is checked.
 */
export const webhookFetch: typeof fetch = (input, init) => {
  const url = new URL(String(input));
  checkProxyLiteral(url, ALLOW_LIST);
  const proxied =
    process.env.HTTPS_PROXY || process.env.https_proxy || process.env.HTTP_PROXY || process.env.http_proxy;
  if (proxied) return outboundFetch(input, init);
  let agent = agents.get(url.origin);
  if (!agent) {
    agent = new Agent({ connect: { lookup: guardedLookup(url, ALLOW_LIST) } });
    agents.set(url.origin, agent);
  }
  return undiciFetch(url, { ...(init as object), dispatcher: agent }) as unknown as Promise<Response>;
};
