import { activeTracer, markFailed, SPAN_KIND_CLIENT, SPAN_STATUS_ERROR } from "./active-tracer";
import { withoutQueryValues } from "./without-query-values";

/** Which door the call went out of: Exact's token endpoint or its REST API. */
export type ExactCallKind = "token" | "rest";

function requestOf(input: Parameters<typeof fetch>[0], init?: RequestInit): { url: URL; method: string } {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
  return { url, method };
}

/**
 * `fetchImpl`, with a client span per call when tracing is on (OpenTelemetry's stable HTTP
 * conventions: `http.request.method`, `url.full` without query values, `server.address`,
 * `server.port`, `http.response.status_code`, `error.type`); `fetchImpl` itself when it is
 * off. The span ends when Exact's answer starts (its status is known), not when its body is read.
 */
export function tracedFetch(fetchImpl: typeof fetch, kind: ExactCallKind): typeof fetch {
  const tracer = activeTracer();
  if (!tracer) return fetchImpl;
  return (input, init) => {
    const { url, method } = requestOf(input, init);
    const attributes = {
      "http.request.method": method,
      "url.full": withoutQueryValues(`${url.origin}${url.pathname}${url.search}`),
      "server.address": url.hostname,
      "server.port": Number(url.port || (url.protocol === "https:" ? 443 : 80)),
      "koppeling.exact.call": kind,
    };
    return tracer.startActiveSpan(method, { kind: SPAN_KIND_CLIENT, attributes }, async (span) => {
      try {
        const response = await fetchImpl(input, init);
        span.setAttribute("http.response.status_code", response.status);
        if (response.status >= 400) {
          span.setAttribute("error.type", String(response.status));
          span.setStatus({ code: SPAN_STATUS_ERROR });
        }
        return response;
      } catch (e) {
        markFailed(span, e);
        throw e;
      } finally {
        span.end();
      }
    });
  };
}
