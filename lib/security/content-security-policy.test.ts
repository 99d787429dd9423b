import { describe, expect, test } from "vitest";
import { contentSecurityPolicy } from "./content-security-policy";

/** directive name → its source list. */
function directives(csp: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of csp.split(";")) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) {
      expect(map.has(name), `duplicate directive ${name}`).toBe(false);
      map.set(name, sources);
    }
  }
  return map;
}

const NONCE = Buffer.from("0f6c8a4e-2d1b-4c3a-9e8f-7a6b5c4d3e2f").toString("base64");

describe.each([false, true])("contentSecurityPolicy (dev: %s)", (dev) => {
  const csp = directives(contentSecurityPolicy(NONCE, dev));

  test("scripts need this request's nonce", () => {
    expect(csp.get("script-src")).toContain(`'nonce-${NONCE}'`);
    expect(csp.get("script-src")).not.toContain("'unsafe-inline'");
    expect(csp.get("script-src")).not.toContain("*");
  });

  test("nothing may frame the portal, and no plugins or foreign base", () => {
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.get("base-uri")).toEqual(["'self'"]);
    expect(csp.get("default-src")).toEqual(["'self'"]);
    expect(csp.get("form-action")).toEqual(["'self'"]);
  });

  test(dev ? "eval is allowed for the dev server only" : "eval is not allowed", () => {
    const all = [...csp.values()].flat();
    expect(all.includes("'unsafe-eval'")).toBe(dev);
  });
});

describe("contentSecurityPolicy", () => {
  test("each request's nonce ends up in its own policy", () => {
    const a = contentSecurityPolicy("nonceA", false);
    const b = contentSecurityPolicy("nonceB", false);
    expect(a).toContain("'nonce-nonceA'");
    expect(a).not.toContain("nonceB");
    expect(b).toContain("'nonce-nonceB'");
  });
});

describe("form-action", () => {
  test("the portal itself, and the Exact origins a consent's question redirects to", () => {
    const csp = directives(contentSecurityPolicy("n", false, ["https://start.exactonline.nl"]));
    expect(csp.get("form-action")).toEqual(["'self'", "https://start.exactonline.nl"]);
  });
});
