import type { ReadableSpan } from "@opentelemetry/sdk-trace";
import { describe, expect, test } from "vitest";
import { safeAttributes, safeSpan } from "./safe-span";
import { pathOnly, withoutQueryValues } from "./without-query-values";

describe("withoutQueryValues", () => {
  test.each([
    ["/api/exact/callback?code=geheim&state=abc", "/api/exact/callback?code=REDACTED&state=REDACTED"],
    ["GET /overview?q=Bakkerij%20Jansen", "GET /overview?q=REDACTED"],
    [
      "https://start.exactonline.nl/api/v1/1/crm/Accounts?$filter=Name eq 'X'",
      "https://start.exactonline.nl/api/v1/1/crm/Accounts?$filter=REDACTED",
    ],
    ["/plain/path", "/plain/path"],
    ["/empty?", "/empty"],
    ["/flag?debug", "/flag?debug=REDACTED"],
  ])("%s → %s", (input, expected) => {
    expect(withoutQueryValues(input)).toBe(expected);
  });

  test("pathOnly drops the query and the fragment", () => {
    expect(pathOnly("/a/b?c=d#e")).toBe("/a/b");
  });
});

describe("safeAttributes", () => {
  test("Next's old HTTP names become the stable ones, and the target is cut to its path", () => {
    expect(
      safeAttributes({
        "http.method": "GET",
        "http.target": "/api/exact/callback?code=geheim",
        "http.status_code": 302,
        "http.route": "/api/exact/callback",
        "next.span_type": "BaseServer.handleRequest",
      }),
    ).toEqual({
      "http.request.method": "GET",
      "url.path": "/api/exact/callback",
      "http.response.status_code": 302,
      "http.route": "/api/exact/callback",
      "next.span_type": "BaseServer.handleRequest",
    });
  });

  test("no string value anywhere keeps a query value; a stable name already set wins", () => {
    const safe = safeAttributes({
      "http.url": "https://exact.test/x?token=abc",
      "url.full": "https://exact.test/y?a=1",
      "next.page": ["/p?secret=1"],
    });
    expect(safe).toEqual({ "url.full": "https://exact.test/y?a=REDACTED", "next.page": ["/p?secret=REDACTED"] });
    expect(JSON.stringify(safe)).not.toMatch(/abc|secret=1|a=1/);
  });
});

describe("safeSpan", () => {
  test("an exception's message and stack and the status's message do not leave; its type does", () => {
    const span = {
      name: "GET /overview?q=geheim",
      attributes: {},
      status: { code: 2, message: "duplicate key value (email)=(jan@example.nl)" },
      events: [
        {
          name: "exception",
          time: [0, 0],
          attributes: {
            "exception.type": "PostgresError",
            "exception.message": "duplicate key value (email)=(jan@example.nl)",
            "exception.stacktrace": "PostgresError: duplicate key value … at /app/lib/data/users.ts:12",
          },
        },
      ],
    } as unknown as ReadableSpan;
    const safe = safeSpan(span);
    expect(safe.name).toBe("GET /overview?q=REDACTED");
    expect(safe.status).toEqual({ code: 2 });
    expect(safe.events).toEqual([
      { name: "exception", time: [0, 0], attributes: { "exception.type": "PostgresError" } },
    ]);
    expect(JSON.stringify({ ...safe, events: safe.events, status: safe.status })).not.toContain("jan@example.nl");
  });
});
