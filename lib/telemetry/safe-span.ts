import type { Attributes, AttributeValue } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace";
import { pathOnly, withoutQueryValues } from "./without-query-values";

// Next.js names its request spans with the old HTTP conventions (`http.method`, `http.target`
// with the query string, `http.status_code`, `http.url`): the names are moved to the stable
// ones, and no attribute or span name keeps a query value.
const RENAMED: Record<string, string> = {
  "http.method": "http.request.method",
  "http.status_code": "http.response.status_code",
  "http.url": "url.full",
  "net.peer.name": "server.address",
  "net.peer.port": "server.port",
};

function safeValue(value: AttributeValue | undefined): AttributeValue | undefined {
  if (typeof value === "string") return withoutQueryValues(value);
  if (Array.isArray(value))
    return value.map((v) => (typeof v === "string" ? withoutQueryValues(v) : v)) as AttributeValue;
  return value;
}

export function safeAttributes(attributes: Attributes): Attributes {
  const safe: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (key === "http.target") {
      // The stable conventions keep the path in url.path; the query is left out altogether.
      if (typeof value === "string") safe["url.path"] ??= pathOnly(value);
      continue;
    }
    const name = RENAMED[key] ?? key;
    // A stable attribute the span has itself wins over the old one renamed.
    if (name !== key && name in attributes) continue;
    safe[name] = safeValue(value);
  }
  return safe;
}

/**
 * An error's message and stack, which Next records on a span (recordException, the status's
 * message), can hold anything the error was made with (a driver's words echoing input, a URL
 * with its query): the event keeps the exception's type, the status its code.
 */
const EXCEPTION_TEXT = new Set(["exception.message", "exception.stacktrace"]);

function safeEvents(events: ReadableSpan["events"]): ReadableSpan["events"] {
  return events.map((event) => ({
    ...event,
    name: withoutQueryValues(event.name),
    attributes: event.attributes
      ? safeAttributes(Object.fromEntries(Object.entries(event.attributes).filter(([k]) => !EXCEPTION_TEXT.has(k))))
      : event.attributes,
  }));
}

/** The span as it is, but for its name, attributes, events and status, made safe. */
export function safeSpan(span: ReadableSpan): ReadableSpan {
  const name = withoutQueryValues(span.name);
  const attributes = safeAttributes(span.attributes);
  const events = safeEvents(span.events);
  const status = { code: span.status.code };
  return new Proxy(span, {
    get(target, property) {
      if (property === "name") return name;
      if (property === "attributes") return attributes;
      if (property === "events") return events;
      if (property === "status") return status;
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
