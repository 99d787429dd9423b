import "server-only";
import http from "node:http";
import https from "node:https";
import { checkProxyLiteral, guardedLookup } from "@/lib/network/proxy-guard";
import { type ProxySettings, proxyAuthorization, proxyUrl } from "@/lib/network/proxy-settings";

const PROBE_TIMEOUT_MS = 5_000;

/**
 * The Proxy-Authenticate headers of the proxy's answer to one CONNECT to `target`, sent with
 * the same credentials as the real call. undici's ProxyAgent drops that answer and keeps only
 * "Proxy response (407)", so after a 407 this cheap probe finds out whether the proxy wants
 * NTLM/Negotiate (which we cannot speak) or just refused the Basic credentials. Null when the
 * probe got no 407 (or no answer at all); the probe never throws.
 */
export function probeProxyChallenge(proxy: ProxySettings, target: URL): Promise<string[] | null> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (value: string[] | null) => {
      if (settled) return;
      settled = true;
      resolve(value);
    };
    let request: http.ClientRequest;
    try {
      const url = proxyUrl(proxy);
      checkProxyLiteral(url);
      const authority = `${target.hostname}:${target.port || (target.protocol === "https:" ? 443 : 80)}`;
      const token = proxyAuthorization(proxy);
      request = (url.protocol === "https:" ? https : http).request({
        host: url.hostname.replace(/^\[|\]$/g, ""),
        port: Number(url.port),
        method: "CONNECT",
        path: authority,
        headers: { host: authority, ...(token ? { "proxy-authorization": token } : {}) },
        timeout: PROBE_TIMEOUT_MS,
        agent: false,
        lookup: guardedLookup(url),
      });
    } catch {
      done(null);
      return;
    }
    // Node answers a CONNECT with 'connect' whatever the status; a proxy that treats it as a
    // plain request may still come through 'response'.
    const read = (res: http.IncomingMessage, socket?: { destroy(): void }) => {
      done(res.statusCode === 407 ? (res.headersDistinct["proxy-authenticate"] ?? []) : null);
      socket?.destroy();
      res.resume();
      request.destroy();
    };
    request.on("connect", (res, socket) => read(res, socket));
    request.on("response", (res) => read(res));
    request.on("timeout", () => {
      request.destroy();
      done(null);
    });
    request.on("error", () => done(null));
    request.end();
  });
}
