import { rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import path from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { accessTokenColumn, refreshTokenColumn } from "@/lib/crypto/secret-columns";
import type { ExactSimulator } from "@/simulator/start-exact-simulator";
import { simControl, startSimulatorForPortal } from "../support/exact-simulator";
import {
  type ApiLink,
  freePort,
  linkForApi,
  npmStart,
  type ScratchPortal,
  type Started,
  scratchPortal,
} from "../support/npm-start";
import { stopLeftovers, waitUntil } from "../support/postgres-processes";

// With OTEL_EXPORTER_OTLP_ENDPOINT set, `npm start` sends traces: a real OTLP/HTTP receiver
// here (JSON bodies, OTEL_EXPORTER_OTLP_PROTOCOL=http/json) collects what the portal's web
// server and worker export while a page is requested and another system calls Exact through
// the API with a token that must first be refreshed.

type OtlpValue = { stringValue?: string; intValue?: string | number; boolValue?: boolean; arrayValue?: unknown };
type OtlpSpan = { name: string; kind: number; attributes?: { key: string; value: OtlpValue }[] };
type Span = { name: string; kind: number; attributes: Record<string, string | number | boolean | unknown> };

// OTLP's span kinds (the JSON encoding's enum): 2 server, 3 client.
const SERVER = 2;
const CLIENT = 3;

const received: Span[] = [];
const bodies: string[] = [];
let receiver: Server;
let receiverPort: number;
let scratch: ScratchPortal;
let sim: ExactSimulator;
let portal: Started;
let link: ApiLink;

function otlpValue(v: OtlpValue): unknown {
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.boolValue !== undefined) return v.boolValue;
  return v.arrayValue;
}

beforeAll(async () => {
  receiverPort = await freePort();
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => {
      body += d;
    });
    req.on("end", () => {
      if (req.url === "/v1/traces" && req.method === "POST") {
        bodies.push(body);
        for (const rs of JSON.parse(body).resourceSpans ?? [])
          for (const ss of rs.scopeSpans ?? [])
            for (const s of ss.spans as OtlpSpan[])
              received.push({
                name: s.name,
                kind: s.kind,
                attributes: Object.fromEntries((s.attributes ?? []).map((a) => [a.key, otlpValue(a.value)])),
              });
      }
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(receiverPort, "127.0.0.1", resolve));
  scratch = await scratchPortal("koppeling-traces-");
  sim = await startSimulatorForPortal();
  portal = await npmStart(scratch, {
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${receiverPort}`,
    OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
    OTEL_BSP_SCHEDULE_DELAY: "100",
  });
  link = await linkForApi(scratch, sim);
}, 900_000);

afterAll(async () => {
  if (portal && portal.npm.exitCode === null) {
    process.kill(portal.npm.pid as number, "SIGTERM");
    await portal.exited;
  }
  await sim?.close();
  await new Promise((resolve) => receiver?.close(resolve));
  if (scratch) {
    await stopLeftovers(path.join(scratch.dataDir, "postgres"));
    rmSync(scratch.dataDir, { recursive: true, force: true });
  }
});

describe("traces to an OTLP/HTTP receiver", () => {
  test("a page, an API call, its token refresh and its call to Exact: spans with the stable HTTP names and no secret or query value", async () => {
    const sql = postgres(scratch.databaseUrl, { max: 1, onnotice: () => {} });
    try {
      // Due: the API call refreshes the token first (a token call), then calls Exact.
      await sql`update oauth_logins set access_token_expires_at = now() - interval '1 minute' where id = ${link.loginId}`;
      // Exact's clock too: it refuses a refresh within 570 s of the last one.
      await simControl(sim, "clock", { advanceSeconds: 600 });
      const page = await fetch(`http://localhost:${scratch.port}/login?callbackUrl=%2Fgeheim-pad-4711`);
      expect(page.status).toBe(200);
      const api = await fetch(
        `http://localhost:${scratch.port}/api/v1/administrations/${link.administrationId}/exact/current/Me?$select=UserName&merk=GeheimeWaarde42`,
        { headers: { authorization: `Bearer ${link.apiKey}` } },
      );
      expect(api.status, await api.text()).toBe(200);

      const clientSpan = (kind: string) =>
        received.find((s) => s.kind === CLIENT && s.attributes["koppeling.exact.call"] === kind);
      const serverSpan = (route: string) =>
        received.find((s) => s.kind === SERVER && String(s.attributes["http.route"] ?? "").startsWith(route));
      expect(
        await waitUntil(
          () =>
            Boolean(
              clientSpan("token") &&
                clientSpan("rest") &&
                serverSpan("/login") &&
                serverSpan("/api/v1/administrations"),
            ),
          30_000,
        ),
        JSON.stringify(received.map((r) => [r.name, r.kind, r.attributes])),
      ).toBe(true);

      // Calls to Exact: client spans in the stable conventions, query values redacted.
      const rest = clientSpan("rest");
      expect(rest?.attributes).toMatchObject({
        "http.request.method": "GET",
        "server.address": "127.0.0.1",
        "server.port": expect.any(Number),
        "http.response.status_code": 200,
        "url.full": expect.stringMatching(/\/api\/v1\/current\/Me\?(\$|%24)select=REDACTED&merk=REDACTED$/),
      });
      expect(clientSpan("token")?.attributes).toMatchObject({
        "http.request.method": "POST",
        "http.response.status_code": 200,
        "url.full": expect.stringMatching(/\/api\/oauth2\/token$/),
      });
      // Requests to the portal: Next's spans, renamed to the stable names, the path without its query.
      for (const [route, status] of [
        ["/login", 200],
        ["/api/v1/administrations", 200],
      ] as const) {
        expect(serverSpan(route)?.attributes).toMatchObject({
          "http.request.method": "GET",
          "http.response.status_code": status,
        });
      }
      const signIn = received.find((s) => s.attributes["url.path"] === "/login");
      expect(signIn).toBeDefined();

      // Nothing of the old names, and nothing secret, anywhere in what was sent.
      for (const span of received) {
        expect(Object.keys(span.attributes)).not.toContain("http.target");
        expect(Object.keys(span.attributes)).not.toContain("http.method");
        expect(Object.keys(span.attributes)).not.toContain("http.status_code");
      }
      const [row] = await sql<{ access: string; refresh: string }[]>`
        select access_token_enc as access, refresh_token_enc as refresh from oauth_logins where id = ${link.loginId}`;
      const everything = bodies.join("\n");
      for (const secret of [
        "geheim-pad-4711",
        "GeheimeWaarde42",
        "UserName",
        link.apiKey,
        accessTokenColumn.open(link.loginId, row.access),
        refreshTokenColumn.open(link.loginId, row.refresh),
        sim.apps[0].clientSecret,
      ]) {
        expect(everything).not.toContain(secret);
      }
    } finally {
      await sql.end({ timeout: 1 });
    }
  }, 120_000);
});
