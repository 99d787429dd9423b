import { createServer, type Server } from "node:http";
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { activeTracer, setActiveTracer } from "./active-tracer";
import { tracedFetch } from "./traced-fetch";
import { withSpan } from "./with-span";

// Real spans (the SDK's own in-memory exporter) around real HTTP calls to a server on a local port.

const exporter = new InMemorySpanExporter();
const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    res.writeHead(req.url?.startsWith("/missing") ? 404 : 200).end("ok");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});
afterEach(() => {
  setActiveTracer(undefined);
  exporter.reset();
});

describe("tracedFetch", () => {
  test("without a tracer it is the fetch it was given, and nothing is recorded", async () => {
    expect(activeTracer()).toBeUndefined();
    expect(tracedFetch(fetch, "rest")).toBe(fetch);
  });

  test("a client span in the stable HTTP conventions, with the query's values redacted", async () => {
    setActiveTracer(provider.getTracer("test"));
    const response = await tracedFetch(fetch, "rest")(`${base}/api/v1/current/Me?$filter=Name eq 'Geheim'`);
    expect(response.status).toBe(200);
    const [span] = exporter.getFinishedSpans();
    expect(span.name).toBe("GET");
    expect(span.kind).toBe(2); // CLIENT
    expect(span.attributes).toEqual({
      "http.request.method": "GET",
      "url.full": `${base}/api/v1/current/Me?$filter=REDACTED`,
      "server.address": "127.0.0.1",
      "server.port": Number(new URL(base).port),
      "http.response.status_code": 200,
      "koppeling.exact.call": "rest",
    });
  });

  test("an error answer and a refused connection are marked with error.type", async () => {
    setActiveTracer(provider.getTracer("test"));
    await tracedFetch(fetch, "token")(`${base}/missing`, { method: "post" });
    const closed = `http://127.0.0.1:1/api/oauth2/token`;
    await expect(tracedFetch(fetch, "token")(closed)).rejects.toThrow();
    const [notFound, refused] = exporter.getFinishedSpans();
    expect(notFound.attributes).toMatchObject({ "http.request.method": "POST", "error.type": "404" });
    expect(notFound.status.code).toBe(2);
    expect(refused.attributes).toMatchObject({ "error.type": "TypeError" });
    expect(refused.attributes["http.response.status_code"]).toBeUndefined();
  });
});

describe("withSpan", () => {
  test("runs the work inside a span named for it, with its outcome; without a tracer just runs it", async () => {
    expect(await withSpan("server action", {}, async () => 1)).toBe(1);
    expect(exporter.getFinishedSpans()).toEqual([]);
    setActiveTracer(provider.getTracer("test"));
    await withSpan(
      "server action",
      { "koppeling.action.permission": "users.manage" },
      async () => ({ ok: false }),
      () => "forbidden",
    );
    await expect(withSpan("server action", {}, async () => Promise.reject(new RangeError("x")))).rejects.toThrow("x");
    const [refusal, failure] = exporter.getFinishedSpans();
    expect(refusal.attributes).toEqual({
      "koppeling.action.permission": "users.manage",
      "koppeling.result": "forbidden",
    });
    expect(failure.attributes).toEqual({ "error.type": "RangeError" });
    expect(failure.status.code).toBe(2);
  });
});
