import http from "node:http";
import https from "node:https";
import type net from "node:net";
import { RequestError, Server } from "proxy-chain";

export type TestProxy = {
  /** host:port, as an administration's proxy setting. */
  server: string;
  port: number;
  /** CONNECT requests the proxy accepted or refused. */
  connects: () => number;
  /** "host:port" of every CONNECT, in order. */
  targets: string[];
  /** Credentials sent with each CONNECT (empty strings when none). */
  credentials: { username: string; password: string }[];
  /** With `inspect`: "METHOD path" of every request that travelled inside the tunnels. */
  requests: string[];
  close: () => Promise<void>;
};

/**
 * A real HTTP proxy (proxy-chain) on a free port. With `credentials` it demands Basic auth
 * and answers 407 otherwise. With `inspect`, what goes through a tunnel is read by a small
 * relay server before it is passed on to the target, so a test can see which calls used the
 * tunnel (the simulator speaks plain http, so the tunnel's content is readable). With `serve`,
 * that server answers what travels inside the tunnels itself: an "Exact" that says what a test
 * needs it to, whatever the target. With `breakOpen`, the proxy is one that inspects TLS: it
 * answers the TLS inside each tunnel itself with that key and certificate (its own CA's, not
 * the target's) and relays what it reads to the target over https. With `refuseConnect`, it is a
 * proxy whose rules do not allow the tunnel: every CONNECT (after the credentials, when any)
 * gets that status (403, 404, …) and no tunnel is opened; plain requests are served as usual.
 */
export async function startTestProxy(
  options: {
    credentials?: { username: string; password: string };
    inspect?: boolean;
    serve?: http.RequestListener;
    breakOpen?: { key: string; cert: string };
    refuseConnect?: number;
  } = {},
): Promise<TestProxy> {
  const credentials: TestProxy["credentials"] = [];
  const targets: string[] = [];
  const requests: string[] = [];
  let connects = 0;
  const relays: http.Server[] = [];
  const served = options.serve ? http.createServer(options.serve) : null;
  if (served) relays.push(served);
  const relayTo = (hostname: string, port: number): http.Server => {
    const breakOpen = options.breakOpen;
    const relay = (
      breakOpen ? https.createServer(breakOpen, relayRequest) : http.createServer(relayRequest)
    ) as http.Server;
    relays.push(relay);
    return relay;

    function relayRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
      requests.push(`${req.method} ${req.url}`);
      const upstream = (breakOpen ? https : http).request(
        { host: hostname, port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on("error", () => res.destroy());
      req.pipe(upstream);
    }
  };
  const proxy = new Server({
    port: 0,
    host: "127.0.0.1",
    prepareRequestFunction: ({ username, password, hostname, port, isHttp }) => {
      if (!isHttp) {
        connects += 1;
        targets.push(`${hostname}:${port}`);
      }
      credentials.push({ username, password });
      const wanted = options.credentials;
      if (wanted && (username !== wanted.username || password !== wanted.password)) {
        return { requestAuthentication: true };
      }
      if (options.refuseConnect && !isHttp) {
        throw new RequestError("Tunnel not allowed by this proxy's rules", options.refuseConnect);
      }
      if (served && !isHttp) return { customConnectServer: served };
      return (options.inspect || options.breakOpen) && !isHttp ? { customConnectServer: relayTo(hostname, port) } : {};
    },
  });
  await proxy.listen();
  return {
    server: `127.0.0.1:${proxy.port}`,
    port: proxy.port,
    connects: () => connects,
    targets,
    credentials,
    requests,
    close: async () => {
      await proxy.close(true);
      for (const relay of relays) relay.closeAllConnections();
    },
  };
}

/** A proxy that wants Windows authentication only: every request and CONNECT gets 407 NTLM. */
export async function startNtlmProxy(): Promise<{ server: string; close: () => Promise<void> }> {
  const answer = [
    "HTTP/1.1 407 Proxy Authentication Required",
    "Proxy-Authenticate: NTLM",
    "Proxy-Authenticate: Negotiate",
    "Content-Length: 0",
    "",
    "",
  ].join("\r\n");
  const server = http.createServer((_req, res) => {
    res.writeHead(407, { "Proxy-Authenticate": ["NTLM", "Negotiate"] }).end();
  });
  server.on("connect", (_req, socket: net.Socket) => socket.end(answer));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    server: `127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A port on which nothing listens: a proxy that is down. */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
