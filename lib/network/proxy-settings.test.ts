import { describe, expect, test } from "vitest";
import { proxyAuthorization, proxyUrl, proxyUserName } from "@/lib/network/proxy-settings";

const decode = (token: string | null) => Buffer.from((token ?? "").replace(/^Basic /, ""), "base64").toString("utf8");

describe("proxyAuthorization", () => {
  test("is Basic base64(user:password)", () => {
    const token = proxyAuthorization({ server: "p:3128", username: "jan", password: "geheim" });
    expect(token).toBe(`Basic ${Buffer.from("jan:geheim").toString("base64")}`);
  });

  test("sends the user as DOMAIN\\user when a domain is set", () => {
    const proxy = { server: "p:3128", username: "jan", password: "geheim", domain: "QICS" };
    expect(proxyUserName(proxy)).toBe("QICS\\jan");
    expect(decode(proxyAuthorization(proxy))).toBe("QICS\\jan:geheim");
  });

  test("keeps a colon or non-ASCII in the password (UTF-8), and an empty password", () => {
    expect(decode(proxyAuthorization({ server: "p:1", username: "jan", password: "a:bé€" }))).toBe("jan:a:bé€");
    expect(decode(proxyAuthorization({ server: "p:1", username: "jan" }))).toBe("jan:");
  });

  test("no user name: no Proxy-Authorization at all (an empty domain changes nothing)", () => {
    expect(proxyAuthorization({ server: "p:1" })).toBeNull();
    expect(proxyAuthorization({ server: "p:1", username: "  ", password: "x", domain: "D" })).toBeNull();
    expect(proxyUserName({ server: "p:1", username: "jan", domain: " " })).toBe("jan");
  });
});

describe("proxyUrl", () => {
  test.each([
    ["proxy.corp.local:3128", "http://proxy.corp.local:3128/"],
    ["http://proxy.corp.local:8080", "http://proxy.corp.local:8080/"],
    ["https://proxy.corp.local:8443", "https://proxy.corp.local:8443/"],
    ["HTTPS://Proxy.Corp.Local:8443", "https://proxy.corp.local:8443/"],
    ["10.0.0.5:3128", "http://10.0.0.5:3128/"],
    ["[::1]:3128", "http://[::1]:3128/"],
  ])("%s → %s", (server, url) => {
    expect(proxyUrl({ server }).href).toBe(url);
  });

  test.each(["proxy.corp.local", "http://proxy:3128/path", "http://user:pw@proxy:3128", "socks5://proxy:1080", "::"])(
    "%s is refused",
    (server) => {
      expect(() => proxyUrl({ server })).toThrow(expect.objectContaining({ code: "proxy_server_invalid" }));
    },
  );
});
