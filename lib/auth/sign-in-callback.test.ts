import { describe, expect, test } from "vitest";
import { safeCallbackUrl } from "./safe-callback-url";
import { signInCallback } from "./sign-in-callback";

describe("signInCallback", () => {
  test.each([
    ["/", "?q=Qics&state=active", "/?q=Qics&state=active"],
    ["/", "?page=2", "/?page=2"],
    ["/users", "", "/users"],
    ["/audit", "?kind=user&page=2", "/audit?kind=user&page=2"],
    ["/system/settings", "?tab=general", "/system/settings?tab=general"],
    ["/", "?q=Zo%C3%AB%20%26%20caf%C3%A9", "/?q=Zo%C3%AB%20%26%20caf%C3%A9"],
  ])("%s%s comes back as %s", (pathname, search, expected) => {
    expect(signInCallback(pathname, search)).toBe(expected);
  });

  test("the bare overview needs no callback: sign-in lands there anyway", () => {
    expect(signInCallback("/", "")).toBeNull();
  });

  test.each([
    ["//evil.example", ""],
    ["//evil.example", "?q=x"],
    ["/\\evil.example", ""],
    ["/.//evil.example", "?a=1"],
  ])("%s%s never leads off the site", (pathname, search) => {
    const out = signInCallback(pathname, search);
    if (out !== null) {
      expect(out.startsWith("//")).toBe(false);
      expect(new URL(out, "https://portal.example").origin).toBe("https://portal.example");
    }
  });

  test("what the login page makes of it is the same path and query", () => {
    const out = signInCallback("/", "?q=Qics&state=active") as string;
    const viaLogin = new URL(`/login?callbackUrl=${encodeURIComponent(out)}`, "https://portal.example");
    expect(safeCallbackUrl(viaLogin.searchParams.get("callbackUrl"))).toBe("/?q=Qics&state=active");
  });
});
