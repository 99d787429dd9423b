import type { Span, Tracer } from "@opentelemetry/api";

// The tracer, once start-tracing.ts has made one (only with OTEL_EXPORTER_OTLP_ENDPOINT set).
// A type import only: without tracing, the modules that ask for it load no OpenTelemetry code.
// Kept on globalThis: Next.js loads instrumentation.ts and each route in bundles of their own.
const slot = globalThis as unknown as { __koppelingTracer?: Tracer };

/** Tracing is asked for: an OTLP endpoint is set (for all signals, or for traces alone). */
export function tracingWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

export function activeTracer(): Tracer | undefined {
  return slot.__koppelingTracer;
}

export function setActiveTracer(tracer: Tracer | undefined): void {
  slot.__koppelingTracer = tracer;
}

// The API's enum values, written out so the API need not be loaded to name them.
export const SPAN_KIND_CLIENT = 2;
export const SPAN_KIND_INTERNAL = 0;
export const SPAN_STATUS_ERROR = 2;

/** Marks the span failed by a throw: `error.type` is the error's class name (the conventions' choice). */
export function markFailed(span: Span, e: unknown): void {
  span.setAttribute("error.type", e instanceof Error ? e.name : "_OTHER");
  span.setStatus({ code: SPAN_STATUS_ERROR });
}
