import { describe, expect, test } from "vitest";
import { safeCallbackUrl } from "./safe-callback-url";

const ORIGIN = "https://portal.example";

describe("safeCallbackUrl", () => {
  test.each(["/", "/users", "/audit?kind=user&page=2", "/system/settings#top", "/users/%2F%2Fevil"])(
    "keeps the same-site path %j",
    (value) => {
      expect(safeCallbackUrl(value)).toBe(value);
    },
  );

  test.each([
    "//evil.example",
    "//evil.example/login",
    "https://evil.example",
    "http://evil.example/",
    "/\\evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    "evil.example",
    "",
  ])("refuses %j with /", (value) => {
    expect(safeCallbackUrl(value)).toBe("/");
  });

  test.each([undefined, null, 42, ["/users"], { href: "/users" }])("refuses the non-string %j with /", (value) => {
    expect(safeCallbackUrl(value)).toBe("/");
  });

  test.each(["/users", "//evil.example", "/\\evil.example", "https://evil.example"])(
    "whatever it returns for %j stays on the portal's origin",
    (value) => {
      expect(new URL(safeCallbackUrl(value), ORIGIN).origin).toBe(ORIGIN);
    },
  );

  // Browsers (WHATWG URL) strip tab and newline before parsing, so "/\t/evil" is read as
  // "//evil": a protocol-relative URL to another site.
  test.each(["/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", "/\t\\evil.example"])(
    "whatever it returns for %j stays on the portal's origin",
    (value) => {
      expect(new URL(safeCallbackUrl(value), ORIGIN).origin).toBe(ORIGIN);
    },
  );
});

describe("paths that normalise into another site", () => {
  test.each(["/.//evil.example", "/..//evil.example/x", "/%2e//evil.example", "/a/..//evil.example"])(
    "%j stays on the portal",
    (value) => {
      const out = safeCallbackUrl(value);
      expect(out.startsWith("//")).toBe(false);
      expect(new URL(out, "http://portal.example").origin).toBe("http://portal.example");
    },
  );
});
