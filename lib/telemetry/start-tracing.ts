import { context, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, type ReadableSpan, type SpanExporter, TracerProvider } from "@opentelemetry/sdk-trace";
import { setActiveTracer } from "./active-tracer";
import { safeSpan } from "./safe-span";

// Loaded only when OTEL_EXPORTER_OTLP_ENDPOINT (or _TRACES_ENDPOINT) is set: instrumentation.ts
// and scripts/start.mts import it then, and only then.

/** Every span passes through safeSpan on its way out: no query value, stable HTTP names. */
function safeExporter(inner: SpanExporter): SpanExporter {
  return {
    export: (spans: ReadableSpan[], done) => inner.export(spans.map(safeSpan), done),
    shutdown: () => inner.shutdown(),
    forceFlush: () => inner.forceFlush?.() ?? Promise.resolve(),
  };
}

/**
 * Registers the tracer provider for this process: OTLP over HTTP with JSON bodies to the
 * endpoint OTEL_EXPORTER_OTLP_ENDPOINT names (the exporter reads the standard OTEL_* settings:
 * endpoint, headers, timeout; OTEL_BSP_SCHEDULE_DELAY is read here). Next.js's own request spans
 * and the portal's spans (calls to Exact, token calls, server actions) go through it.
 */
export function startTracing(serviceName: string): void {
  if (process.env.OTEL_SDK_DISABLED === "true") return;
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ "service.name": process.env.OTEL_SERVICE_NAME || serviceName }),
    spanProcessors: [
      new BatchSpanProcessor({
        exporter: safeExporter(new OTLPTraceExporter()),
        // The standard setting's name; this processor does not read it itself.
        scheduledDelayMillis: Number(process.env.OTEL_BSP_SCHEDULE_DELAY) || 5_000,
      }),
    ],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(provider);
  setActiveTracer(provider.getTracer("koppeling"));
  // What is batched goes out before the process ends on a stop.
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => void provider.forceFlush());
}
