import "server-only";
import dns, { type LookupAddress, type LookupOptions } from "node:dns";
import ipaddr from "ipaddr.js";
import { AppError } from "@/lib/errors";

// An administration's proxy is a host an admin types in, and the portal then connects to it
// and reports what it found: without a guard that is a way into the portal's own network
// (a database on localhost, the cloud's metadata service). Loopback, link-local, unspecified
// and metadata addresses are refused, after DNS resolution and again at connect time, unless
// the operator lists the proxy in PROXY_ALLOWED_HOSTS. Private ranges stay allowed: company
// proxies live there.

export type ProxyRefusal = "loopback" | "link_local" | "unspecified" | "metadata";

// AWS, GCP and Azure (169.254.169.254), AWS over IPv6, GCP over IPv6, ECS task metadata, Alibaba.
const METADATA_ADDRESSES = ["169.254.169.254", "fd00:ec2::254", "fd20:ce::254", "169.254.170.2", "100.100.100.200"].map(
  (a) => ipaddr.parse(a).toNormalizedString(),
);
// Names that reach a metadata service whatever the resolver says of them today.
const METADATA_NAMES = new Set([
  "metadata",
  "metadata.google.internal",
  "metadata.goog",
  "instance-data",
  "instance-data.ec2.internal",
]);

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

/**
 * The IPv4 address an IPv6 address carries, by the forms that reach it: IPv4-mapped
 * (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), SIIT's IPv4-translated (::ffff:0:a.b.c.d),
 * NAT64 (64:ff9b::/96 and the local-use 64:ff9b:1::/48) and 6to4 (2002:aabb:ccdd::/48).
 * A guard that looks only at the IPv6 address lets `[::127.0.0.1]` through to loopback.
 */
function embeddedIPv4(ip: ipaddr.IPv6): ipaddr.IPv4 | null {
  const p = ip.parts;
  const v4 = (hi: number, lo: number) => new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  const zero = (from: number, to: number) => p.slice(from, to).every((x) => x === 0);
  if (zero(0, 5) && (p[5] === 0xffff || p[5] === 0)) {
    // ::/128 and ::1 are IPv6's own unspecified and loopback addresses, judged as IPv6.
    if (p[5] === 0 && p[6] === 0) return null;
    return v4(p[6], p[7]);
  }
  if (zero(0, 4) && p[4] === 0xffff && p[5] === 0) return v4(p[6], p[7]);
  if (p[0] === 0x64 && p[1] === 0xff9b && (zero(2, 6) || p[2] === 1)) return v4(p[6], p[7]);
  if (p[0] === 0x2002) return v4(p[1], p[2]);
  return null;
}

/** Why the address may not be a proxy, or null when it may. IPv6 that carries IPv4 counts as that IPv4. */
export function refusalOfAddress(address: string): ProxyRefusal | null {
  if (!ipaddr.isValid(address)) return null;
  const parsed = ipaddr.parse(address);
  const ip = parsed.kind() === "ipv6" ? (embeddedIPv4(parsed as ipaddr.IPv6) ?? parsed) : parsed;
  if (METADATA_ADDRESSES.includes(ip.toNormalizedString())) return "metadata";
  const range = ip.range();
  if (range === "loopback") return "loopback";
  if (range === "linkLocal") return "link_local";
  if (range === "unspecified") return "unspecified";
  return null;
}

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
