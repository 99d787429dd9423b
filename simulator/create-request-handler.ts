import type { IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";
import { handleApi } from "./api/handle-api";
import { handleControl } from "./control/handle-control";
import { applyFault } from "./faults/apply-fault";
import { pause } from "./faults/pause";
import { indexPage } from "./html/pages";
import { BodyTooLargeError, readBody } from "./http/read-body";
import { Reply } from "./http/reply";
import { handleAuthorize } from "./oauth/handle-authorize";
import { handleConsent } from "./oauth/handle-consent";
import { handleLogin } from "./oauth/handle-login";
import { handleLogout } from "./oauth/handle-logout";
import { handleToken } from "./oauth/handle-token";
import type { RouteInput } from "./route-input";
import type { SimContext } from "./sim-context";
import { SITES, siteFromSegment, sitePrefix } from "./sites";

/**
 * The one HTTP entry point: /_control/* (when control is on), then /{site}/…; queued faults and
 * the latency option are applied here, around the route. Logs method, path and status only — never query strings
 * or bodies, which carry codes, tokens and passwords.
 */
export function createRequestHandler(ctx: SimContext, ownHost: () => string) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const reply = new Reply(res, (ms) => pause(ms, ctx.closing));
    const method = req.method ?? "GET";
    let pathname = "?";
    handle(req, reply, method, (p) => {
      pathname = p;
    })
      .then(() => reply.finished)
      .catch((error: Error) => {
        // Closing: a delayed call is cut off, its connection destroyed without an answer.
        if (ctx.closing.aborted) return reply.abandon();
        if (error instanceof BodyTooLargeError) {
          if (!reply.sent) reply.send(413, { "Content-Type": "text/plain" }, "Payload too large");
          return;
        }
        ctx.log(`error on ${method} ${pathname}: ${error.message}`);
        if (!reply.sent) reply.send(500, { "Content-Type": "text/plain" }, "Internal simulator error");
      })
      .finally(() => ctx.log(`${method} ${pathname} ${reply.dropInsteadOfAnswer ? "dropped" : reply.status}`));
  };

  async function handle(
    req: IncomingMessage,
    reply: Reply,
    method: string,
    setPath: (pathname: string) => void,
  ): Promise<void> {
    // The Host header names the origin for absolute URLs (__next, __metadata.uri) when it looks
    // like a host; anything else falls back to our own address.
    const hostHeader = req.headers.host ?? "";
    const host = /^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/i.test(hostHeader) ? hostHeader : ownHost();
    // Absolute URLs carry the scheme the call came in on (https when the simulator serves TLS).
    const scheme = (req.socket as TLSSocket).encrypted ? "https" : "http";
    const url = new URL(req.url ?? "/", `${scheme}://${host}`);
    setPath(url.pathname);
    const body = method === "GET" || method === "HEAD" ? "" : await readBody(req);

    if (url.pathname === "/_control" || url.pathname.startsWith("/_control/")) {
      if (!ctx.control) return notFound(reply);
      return handleControl(ctx, req, reply, url.pathname, body);
    }
    if (url.pathname === "/") {
      reply.html(200, indexPage(SITES.map((site) => ({ site, href: `${sitePrefix(site)}/api/oauth2/auth` }))));
      return;
    }
    const [, first = "", ...rest] = url.pathname.split("/");
    const site = siteFromSegment(first);
    if (!site) return notFound(reply);
    const sitePath = `/${rest.join("/")}`;
    const contentType = (req.headers["content-type"] ?? "").toLowerCase();
    const form = contentType.startsWith("application/x-www-form-urlencoded") ? new URLSearchParams(body) : null;
    const route = sitePath.toLowerCase().replace(/\/+$/, "");

    // Taken as the call arrives, before any wait: a test that sees the fault gone knows the call is in.
    const fault = ctx.faults.take({ method, pathname: url.pathname, grantType: form?.get("grant_type") ?? null });

    // The latency option: one random wait in [min, max] ms per call, split as the network splits
    // it — half before the call runs, the rest after it ran and before its answer goes out. The
    // second half is Exact's real hazard: a refresh has rotated while the client still waits.
    const latency = ctx.options().latencyMs;
    if (latency) {
      const total = latency.min + Math.floor(Math.random() * (latency.max - latency.min + 1));
      const before = Math.floor(total / 2);
      await pause(before, ctx.closing);
      reply.holdMs = total - before;
    }

    if (fault) {
      const answered = await applyFault(ctx, fault, reply, {
        tokenEndpoint: route === "/api/oauth2/token",
        grantType: form?.get("grant_type") ?? null,
        json: (req.headers.accept ?? "").toLowerCase().includes("application/json"),
      });
      if (answered) return;
    }

    const input: RouteInput = { ctx, site, req, reply, url, sitePath, form, body };
    const allow = (methods: string[]) => {
      if (methods.includes(method)) return true;
      reply.send(405, { Allow: methods.join(", "), "Content-Type": "text/plain" }, "Method not allowed");
      return false;
    };
    switch (route) {
      case "/api/oauth2/auth":
        if (allow(["GET"])) handleAuthorize(input);
        return;
      case "/api/oauth2/login":
        if (allow(["GET", "POST"])) handleLogin(input);
        return;
      case "/api/oauth2/consent":
        if (allow(["GET", "POST"])) await handleConsent(input);
        return;
      case "/api/oauth2/logout":
        if (allow(["GET"])) handleLogout(input);
        return;
      case "/api/oauth2/token":
        await handleToken(input);
        return;
      default:
        if (route.startsWith("/api/v1/")) return handleApi(input);
        return notFound(reply);
    }
  }
}

function notFound(reply: Reply): void {
  reply.send(404, { "Content-Type": "text/plain; charset=utf-8" }, "Not found");
}
