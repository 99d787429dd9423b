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

/** The span as it is, but for its name and attributes, made safe. */
export function safeSpan(span: ReadableSpan): ReadableSpan {
  const name = withoutQueryValues(span.name);
  const attributes = safeAttributes(span.attributes);
  return new Proxy(span, {
    get(target, property) {
      if (property === "name") return name;
      if (property === "attributes") return attributes;
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
