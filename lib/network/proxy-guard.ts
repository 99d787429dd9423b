import "server-only";
import dns, { type LookupAddress, type LookupOptions } from "node:dns";
import ipaddr from "ipaddr.js";
import { AppError } from "@/lib/errors";
import { METADATA_NAMES, type ProxyRefusal, refusalOfAddress } from "./refused-address";

// An administration's proxy is a host an admin types in, and the portal then connects to it
// and reports what it found: without a guard that is a way into the portal's own network
// (a database on localhost, the cloud's metadata service). Loopback, link-local, unspecified
// and metadata addresses are refused, after DNS resolution and again at connect time, unless
// the operator lists the proxy in PROXY_ALLOWED_HOSTS. Private ranges stay allowed: company
// proxies live there.

export type { ProxyRefusal } from "./refused-address";
export { refusalOfAddress } from "./refused-address";

/** The error a refused proxy fails with (at connect time too); classifyExactError knows it. */
export class ProxyRefusedError extends Error {
  readonly code = "EPROXYREFUSED";
  constructor(
    readonly refusal: ProxyRefusal,
    host: string,
    address?: string,
  ) {
    super(`proxy ${host}${address && address !== host ? ` (${address})` : ""} refused: ${refusal} address`);
    this.name = "ProxyRefusedError";
  }
}

/** The message key under errors.* for a refusal. */
export const refusalCode = (refusal: ProxyRefusal) => `proxy_refused_${refusal}`;

const bare = (hostname: string) => hostname.replace(/^\[|\]$/g, "").toLowerCase();

/**
 * The operator's allow-list for a kind of address an admin types: PROXY_ALLOWED_HOSTS for an
 * administration's proxy, WEBHOOK_ALLOWED_HOSTS for an environment's webhook.
 */
export type AllowListSetting = "PROXY_ALLOWED_HOSTS" | "WEBHOOK_ALLOWED_HOSTS";

/** An allow-list: `host` (any port) or `host:port`, comma-separated; IPv6 in brackets. */
export function allowedProxyHosts(value = process.env.PROXY_ALLOWED_HOSTS ?? ""): { host: string; port: string }[] {
  return value
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean)
    .flatMap((entry) => {
      try {
        const url = new URL(`http://${entry}`);
        return [{ host: bare(url.hostname), port: /:\d+$/.test(entry) ? url.port || "80" : "" }];
      } catch {
        return [];
      }
    });
}

/** Whether the operator allowed this address (a URL: scheme, host, port) in `setting`. */
export function isProxyAllowlisted(url: URL, setting: AllowListSetting = "PROXY_ALLOWED_HOSTS"): boolean {
  const host = bare(url.hostname);
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  const sameHost = (a: string, b: string) =>
    a === b || (ipaddr.isValid(a) && ipaddr.isValid(b) && ipaddr.parse(a).toString() === ipaddr.parse(b).toString());
  return allowedProxyHosts(process.env[setting] ?? "").some(
    (entry) => sameHost(entry.host, host) && (entry.port === "" || entry.port === port),
  );
}

/**
 * What can be told without DNS: an address typed as the host, or a metadata name. Throws
 * ProxyRefusedError. Node connects to an IP literal without asking `lookup`, so this runs
 * before every use as well as on save.
 */
export function checkProxyLiteral(url: URL, setting: AllowListSetting = "PROXY_ALLOWED_HOSTS"): void {
  if (isProxyAllowlisted(url, setting)) return;
  const host = bare(url.hostname);
  if (METADATA_NAMES.has(host.replace(/\.$/, ""))) throw new ProxyRefusedError("metadata", host);
  const refusal = refusalOfAddress(host);
  if (refusal) throw new ProxyRefusedError(refusal, host);
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for net/tls.connect that refuses a name resolving to a refused address: the
 * check happens on the very addresses the socket then connects to, so a name that resolves
 * harmlessly on save and to 127.0.0.1 later (DNS rebinding) is still refused.
 */
export function guardedLookup(url: URL, setting: AllowListSetting = "PROXY_ALLOWED_HOSTS") {
  const allowlisted = isProxyAllowlisted(url, setting);
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const refused = allowlisted ? undefined : addresses.find((a) => refusalOfAddress(a.address));
      if (refused) {
        const error = new ProxyRefusedError(
          refusalOfAddress(refused.address) as ProxyRefusal,
          hostname,
          refused.address,
        );
        return callback(error, []);
      }
      if (options.all) return callback(null, addresses);
      const [first] = addresses;
      callback(null, first.address, first.family);
    });
  };
}

const SAVE_LOOKUP_TIMEOUT_MS = 3_000;

/**
 * For saving a proxy: refuses it (as an AppError on `field`) when its host is, or resolves
 * to, a refused address. A name that does not resolve (yet) is let through: the connect-time
 * check still stands, and a company proxy's name may resolve only where the portal runs later.
 */
export async function assertProxyAllowed(
  url: URL,
  field?: string,
  setting: AllowListSetting = "PROXY_ALLOWED_HOSTS",
  codeOf: (refusal: ProxyRefusal) => string = refusalCode,
): Promise<void> {
  try {
    checkProxyLiteral(url, setting);
    if (isProxyAllowlisted(url, setting) || ipaddr.isValid(bare(url.hostname))) return;
    const addresses = await Promise.race([
      dns.promises.lookup(bare(url.hostname), { all: true }).catch(() => []),
      new Promise<LookupAddress[]>((resolve) => setTimeout(() => resolve([]), SAVE_LOOKUP_TIMEOUT_MS).unref()),
    ]);
    for (const { address } of addresses) {
      const refusal = refusalOfAddress(address);
      if (refusal) throw new ProxyRefusedError(refusal, url.hostname, address);
    }
  } catch (e) {
    if (e instanceof ProxyRefusedError) throw new AppError(codeOf(e.refusal), field);
    throw e;
  }
}
