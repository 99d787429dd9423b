import ipaddr from "ipaddr.js";

// Which addresses may never be a proxy (or a webhook): pure, without DNS or the server's
// settings, so the form's schema can name a metadata address in the browser as well as on the
// server. proxy-guard.ts adds DNS, the connect-time check and the operator's allow-list.

export type ProxyRefusal = "loopback" | "link_local" | "unspecified" | "metadata";

// AWS, GCP and Azure (169.254.169.254), AWS over IPv6, GCP over IPv6, ECS task metadata, Alibaba.
const METADATA_ADDRESSES = ["169.254.169.254", "fd00:ec2::254", "fd20:ce::254", "169.254.170.2", "100.100.100.200"].map(
  (a) => ipaddr.parse(a).toNormalizedString(),
);
// Names that reach a metadata service whatever the resolver says of them today.
export const METADATA_NAMES = new Set([
  "metadata",
  "metadata.google.internal",
  "metadata.goog",
  "instance-data",
  "instance-data.ec2.internal",
]);

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

/**
 * Whether a typed proxy (well-formed or not: "169.254.169.254", "http://metadata/latest") names
 * a cloud's metadata service as its host: it gets that message, not "gebruik host:poort".
 */
export function namesMetadataHost(typed: string): boolean {
  const rest = typed
    .trim()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//i, "")
    .replace(/^[^@/]*@/, "");
  const bracketed = /^\[([^\]]+)\]/.exec(rest);
  const host = (bracketed ? bracketed[1] : rest.split(/[:/?#]/)[0]).toLowerCase().replace(/\.$/, "");
  return METADATA_NAMES.has(host) || refusalOfAddress(host) === "metadata";
}
