import http from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

// The preload the Next.js server runs with, loaded here into a real HTTP server.
const { HEADER, clientAddressOf, forwardedWarning } = createRequire(import.meta.url)("./client-address.cjs") as {
  HEADER: string;
  clientAddressOf: (forwardedFor: string | undefined, socketAddress: string | undefined, hops: number) => string;
  forwardedWarning: (write: (line: string) => void) => (forwardedFor: string | undefined, hops: number) => boolean;
};

describe("forwardedWarning", () => {
  test("X-Forwarded-For with TRUSTED_PROXY_HOPS=0 is said once, as a pino warn line naming the setting", () => {
    const lines: string[] = [];
    const warn = forwardedWarning((line) => lines.push(line));
    expect(warn(undefined, 0)).toBe(false);
    expect(warn("198.51.100.7", 1)).toBe(false);
    expect(warn("198.51.100.7", 0)).toBe(true);
    expect(warn("198.51.100.8", 0)).toBe(false);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ level: 40, msg: expect.stringContaining("TRUSTED_PROXY_HOPS") });
  });
});

describe("clientAddressOf", () => {
  test.each<[string | undefined, number, string]>([
    // No proxy in front (the default): the socket, whatever the client wrote.
    [undefined, 0, "203.0.113.9"],
    ["1.2.3.4", 0, "203.0.113.9"],
    // One proxy that appends the address it saw: the last entry.
    ["1.2.3.4, 198.51.100.7", 1, "198.51.100.7"],
    // Two proxies: the entry the outer one added.
    ["1.2.3.4, 198.51.100.7, 10.0.0.2", 2, "198.51.100.7"],
    // Fewer entries than proxies: the leftmost there is; none at all: the socket.
    ["198.51.100.7", 3, "198.51.100.7"],
    [undefined, 1, "203.0.113.9"],
  ])("X-Forwarded-For %j, %d trusted hops → %s", (forwardedFor, hops, address) => {
    expect(clientAddressOf(forwardedFor, "203.0.113.9", hops)).toBe(address);
  });

  test("an IPv4 address on an IPv6 socket is written as IPv4", () => {
    expect(clientAddressOf(undefined, "::ffff:192.0.2.1", 0)).toBe("192.0.2.1");
    expect(clientAddressOf(undefined, "::1", 0)).toBe("::1");
  });
});

describe("a real server with the preload", () => {
  let server: http.Server;
  let url: string;
  beforeAll(async () => {
    server = http.createServer((req, res) => res.end(String(req.headers[HEADER])));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  test("a client cannot choose its address: X-Forwarded-For and the header itself are ignored", async () => {
    const answer = await fetch(url, { headers: { "x-forwarded-for": "198.51.100.99", [HEADER]: "198.51.100.98" } });
    expect(await answer.text()).toBe("127.0.0.1");
  });
});
