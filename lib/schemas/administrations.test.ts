import { describe, expect, test } from "vitest";
import { EMPTY_ADMINISTRATION_FORM } from "@/tests/support/administration-values";
import { administrationSchema, divisionSchema, environmentSettingsSchema, isProxyServer } from "./administrations";

describe("isProxyServer", () => {
  test.each([
    "proxy.example.nl:8080",
    "http://proxy.example.nl:3128",
    "https://proxy.example.nl:443",
    "10.0.0.5:3128",
    "localhost:1",
    "proxy:65535",
    "[::1]:8080",
    "a-b.c-d.example:80",
  ])("%s is a proxy server", (value) => {
    expect(isProxyServer(value)).toBe(true);
  });

  test.each([
    ["no port", "proxy.example.nl"],
    ["port 0", "proxy.example.nl:0"],
    ["port too high", "proxy.example.nl:65536"],
    ["a path", "proxy.example.nl:8080/path"],
    ["credentials in the URL", "http://user:pw@proxy.example.nl:8080"],
    ["another scheme", "socks5://proxy.example.nl:1080"],
    ["a query", "proxy.example.nl:8080?x=1"],
    ["spaces", "proxy example.nl:8080"],
    ["a trailing slash", "http://proxy.example.nl:8080/"],
    ["empty", ""],
    ["a leading dash", "-proxy.example.nl:8080"],
  ])("%s is refused (%s)", (_, value) => {
    expect(isProxyServer(value)).toBe(false);
  });
});

const base = EMPTY_ADMINISTRATION_FORM;

function errorsOf(input: unknown) {
  const r = administrationSchema.safeParse(input);
  return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join("."), i.message]));
}

describe("administrationSchema", () => {
  test("a plain administration without proxy is fine", () => {
    expect(errorsOf(base)).toEqual({});
  });

  test("the description is required, trimmed, at most 100 characters", () => {
    expect(errorsOf({ ...base, description: "   " })).toEqual({ description: "required" });
    expect(errorsOf({ ...base, description: "x".repeat(101) })).toEqual({ description: "too_long_100" });
    expect(administrationSchema.parse({ ...base, description: "  ONLINE " }).description).toBe("ONLINE");
  });

  test("a bad proxy server is refused per field", () => {
    expect(errorsOf({ ...base, proxyServer: "http://u:p@proxy:8080" })).toEqual({
      proxyServer: "invalid_proxy_server",
    });
  });

  // Issue 24: "169.254.169.254" was told "gebruik host:poort", and typed again with a port.
  test.each([
    "169.254.169.254",
    "http://169.254.169.254/latest/meta-data/",
    "169.254.169.254:80/",
    "metadata.google.internal",
    "http://user:pw@metadata.google.internal:80",
    "[fd00:ec2::254]",
    "[::ffff:169.254.169.254]/x",
    "100.100.100.200",
  ])("a metadata address in any form (%s) gets the metadata message, not the format's", (proxyServer) => {
    expect(errorsOf({ ...base, proxyServer })).toEqual({ proxyServer: "proxy_refused_metadata" });
  });

  test.each(["10.0.0.5", "proxy.example.nl", "http://proxy.example.nl/path", "169.254.1.1"])(
    "another malformed proxy (%s) still gets the format's message",
    (proxyServer) => {
      expect(errorsOf({ ...base, proxyServer })).toEqual({ proxyServer: "invalid_proxy_server" });
    },
  );

  test("user name, password and domain only together with a server", () => {
    expect(errorsOf({ ...base, proxyUsername: "jan", proxyPassword: "pw", proxyDomain: "QICS" })).toEqual({
      proxyUsername: "needs_proxy_server",
      proxyPassword: "needs_proxy_server",
      proxyDomain: "needs_proxy_server",
    });
  });

  test("a password needs a user name", () => {
    expect(errorsOf({ ...base, proxyServer: "proxy:3128", proxyPassword: "pw" })).toEqual({
      proxyUsername: "required",
    });
  });

  test("a full proxy setting parses", () => {
    expect(
      errorsOf({ ...base, proxyServer: "proxy:3128", proxyUsername: "jan", proxyPassword: "pw", proxyDomain: "QICS" }),
    ).toEqual({});
  });

  test("the login is empty or a uuid; the type is Exact Online", () => {
    expect(errorsOf({ ...base, oauthLoginId: "not-a-uuid" })).toEqual({ oauthLoginId: "invalid_id" });
    expect(errorsOf({ ...base, type: "twinfield" })).toEqual({ type: "invalid_type" });
  });
});

describe("divisionSchema", () => {
  const division = { code: "1", name: "Qics BV", administrationId: "", exactDivisionCode: "" };
  test.each([
    [{ ...division }, {}],
    [{ ...division, code: "" }, { code: "required" }],
    [{ ...division, code: "1 2" }, { code: "invalid_division_code" }],
    [{ ...division, exactDivisionCode: "abc" }, { exactDivisionCode: "invalid_exact_division" }],
    [{ ...division, exactDivisionCode: "2340001" }, {}],
  ])("%j → %j", (input, expected) => {
    const r = divisionSchema.safeParse(input);
    expect(r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join("."), i.message]))).toEqual(
      expected,
    );
  });
});

describe("environmentSettingsSchema", () => {
  test.each([
    ["7", true],
    [7, true],
    ["0", false],
    ["30", false],
    ["7.5", false],
    ["x", false],
  ])("%j → %s", (value, ok) => {
    const notify = { notifyEmailTo: "", notifyWebhookUrl: "", notifyWebhookSecretAction: "keep" };
    expect(environmentSettingsSchema.safeParse({ expiryWarningDays: value, ...notify }).success).toBe(ok);
  });
});
