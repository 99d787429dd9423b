import http from "node:http";
import type net from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { probeProxyChallenge } from "@/lib/exact/http/probe-proxy-challenge";

// A real CONNECT to small local proxies that answer as an NTLM-only proxy, a Basic proxy
// (which also checks the credentials it is sent), and one that lets the tunnel through.

const seen: (string | undefined)[] = [];
const servers: http.Server[] = [];
async function proxy(answer: (req: http.IncomingMessage) => string[]): Promise<string> {
  const server = http.createServer((_req, res) => res.writeHead(400).end());
  server.on("connect", (req: http.IncomingMessage, socket: net.Socket) => {
    seen.push(req.headers["proxy-authorization"]);
    socket.end(`${answer(req).join("\r\n")}\r\n\r\n`);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `127.0.0.1:${(server.address() as net.AddressInfo).port}`;
}

let ntlm: string;
let basic: string;
let open: string;
beforeAll(async () => {
  ntlm = await proxy(() => [
    "HTTP/1.1 407 Proxy Authentication Required",
    "Proxy-Authenticate: NTLM",
    "Proxy-Authenticate: Negotiate",
    "Content-Length: 0",
  ]);
  basic = await proxy((req) =>
    req.headers["proxy-authorization"] === `Basic ${Buffer.from("CORP\\jan:goed").toString("base64")}`
      ? ["HTTP/1.1 200 Connection established"]
      : ["HTTP/1.1 407 Proxy Authentication Required", 'Proxy-Authenticate: Basic realm="corp"', "Content-Length: 0"],
  );
  open = await proxy(() => ["HTTP/1.1 200 Connection established"]);
});
afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

const exact = new URL("https://start.exactonline.nl/api/v1/current/Me");

describe("probeProxyChallenge", () => {
  test("returns every Proxy-Authenticate of a 407, as separate values", async () => {
    expect(await probeProxyChallenge({ server: ntlm }, exact)).toEqual(["NTLM", "Negotiate"]);
  });

  test("sends the same credentials as the real call (DOMAIN\\user)", async () => {
    seen.length = 0;
    const proxySettings = { server: `http://${basic}`, username: "jan", password: "fout", domain: "CORP" };
    expect(await probeProxyChallenge(proxySettings, exact)).toEqual(['Basic realm="corp"']);
    expect(seen).toEqual([`Basic ${Buffer.from("CORP\\jan:fout").toString("base64")}`]);
    expect(await probeProxyChallenge({ ...proxySettings, password: "goed" }, exact)).toBeNull();
  });

  test("null when the proxy lets the tunnel through, or cannot be reached; it never throws", async () => {
    expect(await probeProxyChallenge({ server: open }, exact)).toBeNull();
    expect(await probeProxyChallenge({ server: "127.0.0.1:1" }, exact)).toBeNull();
    expect(await probeProxyChallenge({ server: "not a proxy" }, exact)).toBeNull();
  });
});
