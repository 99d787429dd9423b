import { afterEach, describe, expect, test } from "vitest";
import {
  allowedProxyHosts,
  assertProxyAllowed,
  checkProxyLiteral,
  guardedLookup,
  isProxyAllowlisted,
  refusalOfAddress,
} from "@/lib/network/proxy-guard";
import { proxyUrl } from "@/lib/network/proxy-settings";

const allowed = process.env.PROXY_ALLOWED_HOSTS;
afterEach(() => {
  process.env.PROXY_ALLOWED_HOSTS = allowed;
});
const url = (server: string) => proxyUrl({ server });

describe("refusalOfAddress", () => {
  test.each([
    ["127.0.0.1", "loopback"],
    ["127.8.9.10", "loopback"],
    ["::1", "loopback"],
    ["::ffff:127.0.0.1", "loopback"],
    ["169.254.169.254", "metadata"],
    ["fd00:ec2::254", "metadata"],
    ["169.254.170.2", "metadata"],
    ["169.254.1.1", "link_local"],
    ["fe80::1", "link_local"],
    ["0.0.0.0", "unspecified"],
    ["::", "unspecified"],
    // IPv6 forms that carry an IPv4 address are judged as that address.
    ["::127.0.0.1", "loopback"], // IPv4-compatible
    ["::7f00:1", "loopback"], // the same, written in hex
    ["64:ff9b::7f00:1", "loopback"], // NAT64, well-known prefix
    ["64:ff9b:1::7f00:1", "loopback"], // NAT64, local-use prefix
    ["::ffff:0:7f00:1", "loopback"], // SIIT, IPv4-translated
    ["2002:7f00:1::", "loopback"], // 6to4
    ["::ffff:169.254.169.254", "metadata"],
    ["64:ff9b::a9fe:a9fe", "metadata"],
    ["2002:a9fe:a9fe::1", "metadata"],
    ["::169.254.1.1", "link_local"],
    ["2002:a9fe:101::", "link_local"],
    ["::ffff:0.0.0.0", "unspecified"],
    ["64:ff9b::", "unspecified"],
    ["fd20:ce::254", "metadata"], // GCP's metadata server over IPv6
  ])("%s is refused as %s", (address, refusal) => {
    expect(refusalOfAddress(address)).toBe(refusal);
  });

  test.each([
    "10.0.0.5",
    "172.16.4.4",
    "192.168.1.10",
    "fc00::5",
    "fd12:3456::1",
    "8.8.8.8",
    "2a00:1450::1",
    "64:ff9b::808:808", // NAT64 of 8.8.8.8
    "2002:a00:5::", // 6to4 of 10.0.0.5: private ranges stay allowed
    "::ffff:10.0.0.5",
    "not-an-ip",
  ])("%s stays allowed", (address) => {
    expect(refusalOfAddress(address)).toBeNull();
  });
});

describe("PROXY_ALLOWED_HOSTS", () => {
  test("host (any port) or host:port, IPv6 in brackets, spaces and empty entries ignored", () => {
    expect(allowedProxyHosts(" 127.0.0.1, proxy.local:3128 ,,[::1]:8080 ")).toEqual([
      { host: "127.0.0.1", port: "" },
      { host: "proxy.local", port: "3128" },
      { host: "::1", port: "8080" },
    ]);
  });

  test("a listed host allows every port, a listed host:port only that port", () => {
    process.env.PROXY_ALLOWED_HOSTS = "127.0.0.1,localhost:3128,[::1]:8080";
    expect(isProxyAllowlisted(url("127.0.0.1:9"))).toBe(true);
    expect(isProxyAllowlisted(url("http://LOCALHOST:3128"))).toBe(true);
    expect(isProxyAllowlisted(url("localhost:3129"))).toBe(false);
    expect(isProxyAllowlisted(url("[0:0::1]:8080"))).toBe(true);
    expect(isProxyAllowlisted(url("[::1]:8081"))).toBe(false);
    expect(isProxyAllowlisted(url("127.0.0.2:9"))).toBe(false);
  });
});

describe("checkProxyLiteral", () => {
  test.each([
    ["127.0.0.1:5432", "loopback"],
    ["[::1]:3128", "loopback"],
    ["169.254.169.254:8080", "metadata"],
    ["metadata.google.internal:8080", "metadata"],
    ["0.0.0.0:3128", "unspecified"],
    ["[fe80::1]:3128", "link_local"],
    ["[::127.0.0.1]:3128", "loopback"],
    ["[64:ff9b::7f00:1]:3128", "loopback"],
    ["[::ffff:0:7f00:1]:3128", "loopback"],
    ["[2002:7f00:1::]:3128", "loopback"],
    ["[fd20:ce::254]:3128", "metadata"],
  ])("%s is refused without the allowlist", (server, refusal) => {
    process.env.PROXY_ALLOWED_HOSTS = "";
    expect(() => checkProxyLiteral(url(server))).toThrow(expect.objectContaining({ code: "EPROXYREFUSED", refusal }));
    process.env.PROXY_ALLOWED_HOSTS = url(server).host;
    expect(() => checkProxyLiteral(url(server))).not.toThrow();
  });

  test("private addresses and names pass (names are checked on resolution)", () => {
    process.env.PROXY_ALLOWED_HOSTS = "";
    for (const server of ["10.1.2.3:3128", "[fd00::8]:3128", "proxy.corp.local:8080", "localhost:3128"]) {
      expect(() => checkProxyLiteral(url(server))).not.toThrow();
    }
  });
});

describe("a name resolving to a refused address", () => {
  const lookup = (server: string) =>
    new Promise<unknown>((resolve) => guardedLookup(url(server))("localhost", { all: true }, (err) => resolve(err)));

  test("is refused at connect time (guardedLookup) unless allowed", async () => {
    process.env.PROXY_ALLOWED_HOSTS = "";
    expect(await lookup("localhost:3128")).toMatchObject({ code: "EPROXYREFUSED", refusal: "loopback" });
    process.env.PROXY_ALLOWED_HOSTS = "localhost";
    expect(await lookup("localhost:3128")).toBeNull();
  });

  test("is refused on save as a field error, in words", async () => {
    process.env.PROXY_ALLOWED_HOSTS = "";
    await expect(assertProxyAllowed(url("localhost:3128"), "proxyServer")).rejects.toMatchObject({
      code: "proxy_refused_loopback",
      field: "proxyServer",
    });
    process.env.PROXY_ALLOWED_HOSTS = "localhost:3128";
    await expect(assertProxyAllowed(url("localhost:3128"), "proxyServer")).resolves.toBeUndefined();
  });

  test("a name that does not resolve is let through on save (checked again at connect time)", async () => {
    process.env.PROXY_ALLOWED_HOSTS = "";
    await expect(assertProxyAllowed(url("no-such-proxy.invalid:3128"))).resolves.toBeUndefined();
  });
});
