import { activeTracer, markFailed, SPAN_KIND_INTERNAL } from "./active-tracer";

/**
 * Runs `fn` inside a span named `name` when tracing is on, and simply runs it when it is off.
 * `result` names the outcome as an attribute (`koppeling.result`); a throw marks the span an error.
 */
export async function withSpan<T>(
  name: string,
  attributes: Record<string, string>,
  fn: () => Promise<T>,
  result?: (value: T) => string,
): Promise<T> {
  const tracer = activeTracer();
  if (!tracer) return fn();
  return tracer.startActiveSpan(name, { kind: SPAN_KIND_INTERNAL, attributes }, async (span) => {
    try {
      const value = await fn();
      if (result) span.setAttribute("koppeling.result", result(value));
      return value;
    } catch (e) {
      markFailed(span, e);
      throw e;
    } finally {
      span.end();
    }
  });
}
