import http from "node:http";
import net from "node:net";
import * as oauth from "oauth4webapi";
import { Agent, ProxyAgent, errors as undiciErrors, fetch as undiciFetch } from "undici";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { AppError } from "@/lib/errors";
import { type ClassifyContext, classifyExactError } from "./classify-exact-error";
import { ExactHttpError } from "./exact-http-error";

// The error shapes are the real ones: made by undici failing against small local servers
// (a proxy answering 407 or 502, a closed port, a silent server, a plain-http port spoken
// to with TLS) and by oauth4webapi processing Exact-shaped answers. Only a connect time-out
// and a proxy TLS failure, which need a black-holed network, are built from undici's classes.

const servers: net.Server[] = [];
async function listen(server: net.Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as net.AddressInfo).port;
}

/** A proxy that answers every CONNECT with `status` (and these Proxy-Authenticate values). */
function connectAnswering(status: number, challenges: string[] = []): http.Server {
  const server = http.createServer((_req, res) => res.writeHead(status).end());
  server.on("connect", (_req, socket: net.Socket) => {
    const lines = [`HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? "Proxy Error"}`];
    for (const c of challenges) lines.push(`Proxy-Authenticate: ${c}`);
    socket.end(`${lines.join("\r\n")}\r\nContent-Length: 0\r\n\r\n`);
  });
  return server;
}

const ports: Record<string, number> = {};
beforeAll(async () => {
  ports.proxyBasic407 = await listen(connectAnswering(407, ['Basic realm="corp"']));
  ports.proxy502 = await listen(connectAnswering(502));
  ports.proxy593 = await listen(connectAnswering(593));
  ports.proxy403 = await listen(connectAnswering(403));
  ports.proxy404 = await listen(connectAnswering(404));
  ports.proxy405 = await listen(connectAnswering(405));
  ports.silent = await listen(http.createServer(() => {}));
  ports.plain = await listen(http.createServer((_req, res) => res.end("plain")));
  ports.slammer = await listen(net.createServer((socket) => socket.once("data", () => socket.destroy())));
  const closed = net.createServer();
  ports.closed = await listen(closed);
  await new Promise((resolve) => closed.close(resolve));
  servers.splice(servers.indexOf(closed), 1);
});
afterAll(async () => {
  for (const s of servers) {
    (s as http.Server).closeAllConnections?.();
    await new Promise((resolve) => s.close(resolve));
  }
});

const target = () => `http://127.0.0.1:${ports.plain}/api/v1/current/Me`;
async function failureOf(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (e) {
    return e;
  }
  throw new Error("expected the call to fail");
}
const viaProxy = (port: number, signal?: AbortSignal) => () =>
  undiciFetch(target(), { dispatcher: new ProxyAgent({ uri: `http://127.0.0.1:${port}`, proxyTunnel: true }), signal });
const direct = (url: string, signal?: AbortSignal) => () => undiciFetch(url, { dispatcher: new Agent(), signal });

// Real oauth4webapi errors, made by letting it process Exact-shaped answers.
async function refreshErrorFor(status: number, body: unknown, headers: Record<string, string> = {}) {
  const as = {
    issuer: "https://start.exactonline.nl",
    token_endpoint: "https://start.exactonline.nl/api/oauth2/token",
  };
  const response = new Response(typeof body === "string" ? body : JSON.stringify(body), {
    status,
    headers: { "content-type": typeof body === "string" ? "text/html" : "application/json", ...headers },
  });
  return oauth.processRefreshTokenResponse(as, { client_id: "c" }, response).catch((e) => e);
}

const PROXY: ClassifyContext = { viaProxy: true };
const DIRECT: ClassifyContext = { viaProxy: false };

describe("classifyExactError: failures on the way", () => {
  test.each<[string, () => Promise<unknown>, ClassifyContext, string, boolean]>([
    [
      "proxy refuses the Basic credentials (407)",
      () => failureOf(viaProxy(ports.proxyBasic407)),
      PROXY,
      "proxy_auth_failed",
      false,
    ],
    [
      "407 whose probe shows Basic among the schemes",
      () => failureOf(viaProxy(ports.proxyBasic407)),
      { viaProxy: true, proxyChallenge: ["NTLM", 'Basic realm="corp"'] },
      "proxy_auth_failed",
      false,
    ],
    [
      "407 whose probe shows only NTLM and Negotiate",
      () => failureOf(viaProxy(ports.proxyBasic407)),
      { viaProxy: true, proxyChallenge: ["NTLM", "Negotiate"] },
      "proxy_ntlm_unsupported",
      false,
    ],
    ["proxy port closed (ECONNREFUSED)", () => failureOf(viaProxy(ports.closed)), PROXY, "proxy_unreachable", true],
    [
      "proxy host name unknown (ENOTFOUND)",
      () =>
        failureOf(() =>
          undiciFetch(target(), {
            dispatcher: new ProxyAgent({ uri: "http://proxy.invalid:3128", proxyTunnel: true }),
          }),
        ),
      PROXY,
      "host_not_found",
      false,
    ],
    [
      "proxy cannot reach Exact (CONNECT 502)",
      () => failureOf(viaProxy(ports.proxy502)),
      PROXY,
      "exact_unreachable",
      true,
    ],
    [
      "proxy cannot resolve Exact's name (proxy-chain's 593)",
      () => failureOf(viaProxy(ports.proxy593)),
      PROXY,
      "host_not_found",
      false,
    ],
    [
      "Exact's port closed, no proxy (ECONNREFUSED)",
      () => failureOf(direct(`http://127.0.0.1:${ports.closed}/`)),
      DIRECT,
      "exact_unreachable",
      true,
    ],
    [
      "Exact's name unknown (ENOTFOUND)",
      () => failureOf(direct("http://start.exactonline.invalid/")),
      DIRECT,
      "host_not_found",
      false,
    ],
    [
      "TLS spoken to a plain-http port",
      () => failureOf(direct(`https://127.0.0.1:${ports.plain}/`)),
      DIRECT,
      "tls_failed",
      false,
    ],
    [
      "connection dropped (other side closed)",
      () => failureOf(direct(`http://127.0.0.1:${ports.slammer}/`)),
      DIRECT,
      "exact_unreachable",
      true,
    ],
    [
      "our whole-request time-out (AbortSignal.timeout)",
      () => failureOf(direct(`http://127.0.0.1:${ports.silent}/`, AbortSignal.timeout(100))),
      DIRECT,
      "exact_timeout",
      false,
    ],
    [
      "connect time-out to the proxy",
      async () => new TypeError("fetch failed", { cause: new undiciErrors.ConnectTimeoutError() }),
      PROXY,
      "proxy_unreachable",
      false,
    ],
    [
      "connect time-out to Exact",
      async () => new TypeError("fetch failed", { cause: new undiciErrors.ConnectTimeoutError() }),
      DIRECT,
      "exact_timeout",
      false,
    ],
    [
      "TLS to an https proxy fails",
      async () =>
        new TypeError("fetch failed", {
          cause: new undiciErrors.SecureProxyConnectionError(
            Object.assign(new Error("altname"), { code: "ERR_TLS_CERT_ALTNAME_INVALID" }),
          ),
        }),
      PROXY,
      "tls_failed",
      false,
    ],
  ])("%s", async (_, produce, context, code, retry) => {
    const error = await produce();
    expect(classifyExactError(error, context)).toMatchObject({ code, retry });
  });

  // Issue 24: a proxy that will not open the tunnel was told as "Exact Online is niet bereikbaar".
  test.each([403, 404, 405])(
    "a proxy that refuses the tunnel (CONNECT %i) is named as such, with its answer",
    async (status) => {
      const error = await failureOf(viaProxy(ports[`proxy${status}`]));
      expect(classifyExactError(error, PROXY)).toMatchObject({
        code: "proxy_refused_tunnel",
        retry: false,
        values: { status: String(status) },
      });
    },
  );

  test("a refused tunnel is not a proxy sign-in failure, nor Exact being away", async () => {
    const refused = classifyExactError(await failureOf(viaProxy(ports.proxy404)), PROXY);
    expect(refused.code).not.toBe("proxy_auth_failed");
    expect(refused.code).not.toBe("exact_unreachable");
    // Whereas a 502 is the proxy trying and failing to reach Exact.
    expect(classifyExactError(await failureOf(viaProxy(ports.proxy502)), PROXY).code).toBe("exact_unreachable");
  });

  test("the detail names the innermost cause, for the log", async () => {
    const error = await failureOf(viaProxy(ports.proxyBasic407));
    expect(classifyExactError(error, PROXY).detail).toMatch(/Proxy response \(407\)/);
    const refused = await failureOf(viaProxy(ports.closed));
    expect(classifyExactError(refused, PROXY).detail).toMatch(/ECONNREFUSED/);
  });
});

describe("classifyExactError: Exact's answers", () => {
  test.each<[string, number, ClassifyContext, string, boolean]>([
    ["401 to a token from the store", 401, DIRECT, "exact_rejected_token", false],
    ["401 to a token refreshed just now", 401, { viaProxy: false, freshToken: true }, "needs_reauth", false],
    ["403: division not within the login's scope", 403, DIRECT, "division_out_of_scope", false],
    ["404", 404, DIRECT, "exact_request_failed", false],
    ["400", 400, DIRECT, "exact_request_failed", false],
    ["407 from a forward proxy, no challenge known", 407, PROXY, "proxy_auth_failed", false],
    [
      "407 from a forward proxy offering NTLM",
      407,
      { viaProxy: true, proxyChallenge: ["NTLM"] },
      "proxy_ntlm_unsupported",
      false,
    ],
    ["429", 429, DIRECT, "exact_rate_limited", false],
    ["500", 500, DIRECT, "exact_unavailable", true],
    ["503", 503, PROXY, "exact_unavailable", true],
  ])("%s", (_, status, context, code, retry) => {
    expect(classifyExactError(new ExactHttpError(status, "Exact said so"), context)).toMatchObject({ code, retry });
  });

  test.each<[string, number, unknown, string]>([
    [
      "reused refresh token",
      401,
      { error: "unauthorized_client", error_description: "Old refresh token used." },
      "needs_reauth",
    ],
    ["unknown refresh token", 400, { error: "invalid_grant" }, "needs_reauth"],
    ["wrong client secret", 401, { error: "invalid_client" }, "exact_client"],
    ["token endpoint down (HTML page)", 503, "<html>Service Unavailable</html>", "exact_unavailable"],
  ])("oauth4webapi's error for a %s", async (_, status, body, code) => {
    const error = await refreshErrorFor(status, body);
    expect(error).toBeInstanceOf(Error);
    expect(classifyExactError(error, DIRECT).code).toBe(code);
  });

  test("an AppError (from the token store) keeps its code", () => {
    expect(classifyExactError(new AppError("needs_reauth"), PROXY)).toMatchObject({
      code: "needs_reauth",
      retry: false,
    });
  });
});

describe("classifyExactError: the token endpoint's answers", () => {
  test.each([
    [
      "too early, 2026 wording",
      400,
      { error: "access_denied", error_description: "Rate limit exceeded: access_token not expired" },
      { Reason: "TooEarlyToRefreshTokens" },
      "too_early",
      "too_early",
    ],
    [
      "too early, 2021 wording",
      401,
      { error: "access_denied", error_description: "Access Token not expired" },
      {},
      "too_early",
      "too_early",
    ],
    [
      "old refresh token used",
      401,
      { error: "unauthorized_client", error_description: "Old refresh token used." },
      {},
      "dead",
      "refresh_token_reused",
    ],
    [
      "refresh token expired",
      400,
      { error: "invalid_request", error_description: "The refresh token expired at 2026-12-28T10:00:00Z" },
      {},
      "dead",
      "refresh_token_expired",
    ],
    ["unknown refresh token", 400, { error: "invalid_grant" }, {}, "dead", "refresh_token_invalid"],
    ["wrong client secret", 401, { error: "invalid_client" }, {}, "client", "invalid_client"],
    [
      "200 token calls a day used up (the refresh token stays good)",
      429,
      {
        error: "access_denied",
        error_description: "Rate limit exceeded: at most 200 token requests per app, per user, per day",
      },
      {},
      "none",
      "token_rate_limited",
    ],
    ["server error page", 503, "<html>Service Unavailable</html>", {}, "none", "exact_unavailable"],
    [
      "too early, Reason header with Exact's text after it",
      400,
      { error: "access_denied", error_description: "Rate limit exceeded" },
      { Reason: "TooEarlyToRefreshTokens: Rate limit exceeded: access_token not expired" },
      "too_early",
      "too_early",
    ],
    [
      "a newer consent by the same Exact user retired the chain",
      400,
      {
        error: "invalid_request",
        error_description:
          "an obsoleted refresh token can not be used on Exact Online; this occurs when an Exact Online user is associated twice with the same OAuth app",
      },
      {},
      "dead",
      "refresh_token_reused",
    ],
    // Not Exact's word that the chain is spent: the tokens are kept and tried again later.
    ["unauthorized_client without a reason", 401, { error: "unauthorized_client" }, {}, "none", "token_call_failed"],
    ["an unknown 4xx", 418, { error: "teapot" }, {}, "none", "token_call_failed"],
    [
      "access_denied speaking of a rate limit",
      400,
      { error: "access_denied", error_description: "Rate limit exceeded: too many requests" },
      {},
      "none",
      "token_rate_limited",
    ],
    ["a plain-text Bad Request", 400, "Bad Request", {}, "none", "exact_unavailable"],
    [
      "a gateway fault",
      502,
      { fault: { faultstring: "Gateway Timeout", detail: { errorcode: "x" } } },
      {},
      "none",
      "exact_unavailable",
    ],
  ])("%s", async (_, status, body, headers, login, reason) => {
    const error = await refreshErrorFor(status, body, headers);
    expect(classifyExactError(error)).toMatchObject({ login, reason });
  });

  test("Exact's error block on the token endpoint: the login waits until the block ends, said as Dutch clock time", async () => {
    const body = {
      error: "access_denied",
      error_description:
        "Too many errors: 10 or more failed calls (400, 401, 403, 404) for this app, user, division and endpoint within the hour. Blocked until 2026-12-06T14:00:00.000Z.",
    };
    const error = await refreshErrorFor(429, body, { "Retry-After": "1200" });
    // 14:00 UTC is 15:00 in Amsterdam in December.
    expect(classifyExactError(error)).toMatchObject({
      login: "none",
      reason: "token_error_blocked",
      code: "token_error_blocked",
      values: { until: "15:00" },
    });
    // Without a readable time in the text, Retry-After tells when.
    const unreadable = await refreshErrorFor(
      429,
      { ...body, error_description: "Too many errors" },
      { "Retry-After": "60" },
    );
    expect(classifyExactError(unreadable).values?.until).toMatch(/^\d\d:\d\d$/);
  });

  test("a network failure or time-out leaves the login as it is, with the cause in words", () => {
    const refused = new TypeError("fetch failed", {
      cause: Object.assign(new Error("connect"), { code: "ECONNREFUSED" }),
    });
    expect(classifyExactError(refused)).toMatchObject({ login: "none", reason: "exact_unreachable" });
    expect(classifyExactError(refused).detail).toMatch(/ECONNREFUSED/);
    expect(classifyExactError(new DOMException("timed out", "TimeoutError"))).toMatchObject({
      login: "none",
      reason: "exact_timeout",
    });
  });

  test("Exact's string expires_in is accepted by the library", async () => {
    const as = { issuer: "https://x", token_endpoint: "https://x/token" };
    const response = Response.json({ access_token: "a", token_type: "bearer", expires_in: "600", refresh_token: "r" });
    const result = await oauth.processRefreshTokenResponse(as, { client_id: "c" }, response);
    expect(Number(result.expires_in)).toBe(600);
  });
});
