import { describe, expect, test } from "vitest";
import { exactConfig } from "@/lib/exact/exact-config";
import { authorizationUrl } from "@/lib/exact/oauth/authorization-url";
import { exactProvider } from "@/lib/exact/oauth/exact-provider";
import { EXACT_SITES, SITE_CODES, siteDisplayUrl } from "@/lib/exact-sites";

describe("the site table", () => {
  test("has the seven Exact sites on https, and shows them as the seed does", () => {
    expect(SITE_CODES).toEqual(["NL", "BE", "DE", "UK", "US", "ES", "FR"]);
    for (const site of SITE_CODES) expect(EXACT_SITES[site]).toMatch(/^https:\/\/start\.exactonline\.[a-z.]+$/);
    expect(EXACT_SITES.UK).toBe("https://start.exactonline.co.uk");
    expect(siteDisplayUrl("NL")).toBe("https://start.exactonline.nl/");
  });
});

describe("exactConfig", () => {
  test("no client id: no site is configured", () => {
    const config = exactConfig({});
    expect(SITE_CODES.map((s) => config.client(s))).toEqual(SITE_CODES.map(() => null));
    expect(config.simulated).toBe(false);
    expect(config.redirectUri).toBe("http://localhost:3000/api/exact/callback");
  });

  test("one registration serves every real site; a per-site one wins for its site", () => {
    const config = exactConfig({
      EXACT_CLIENT_ID: "all",
      EXACT_CLIENT_SECRET: "s",
      EXACT_CLIENT_ID_BE: "be",
      EXACT_CLIENT_SECRET_BE: "sb",
      PORT: "4000",
    });
    expect(config.client("NL")).toEqual({
      site: "NL",
      baseUrl: "https://start.exactonline.nl",
      clientId: "all",
      clientSecret: "s",
    });
    expect(config.client("BE")).toMatchObject({ clientId: "be", clientSecret: "sb" });
    expect(config.redirectUri).toBe("http://localhost:4000/api/exact/callback");
  });

  test("the operator may point a site elsewhere; trailing slashes are dropped", () => {
    const config = exactConfig({
      EXACT_CLIENT_ID: "a",
      EXACT_CLIENT_SECRET: "b",
      EXACT_SITE_URL_NL: "http://127.0.0.1:4010/nl/",
    });
    expect(config.client("NL")?.baseUrl).toBe("http://127.0.0.1:4010/nl");
    expect(config.origins()).toContain("http://127.0.0.1:4010");
  });

  test("a client id without its secret is not a registration", () => {
    expect(exactConfig({ EXACT_CLIENT_ID: "a" }).client("NL")).toBeNull();
  });
});

describe("exactProvider", () => {
  const client = {
    site: "NL" as const,
    baseUrl: "https://start.exactonline.nl",
    clientId: "id",
    clientSecret: "secret",
  };

  test("is an Auth.js OAuth provider with Exact's endpoints, no scope and a state check", () => {
    const p = exactProvider(client);
    expect(p).toMatchObject({
      id: "exact-nl",
      name: "Exact Online NL",
      type: "oauth",
      checks: ["state"],
      authorization: { url: "https://start.exactonline.nl/api/oauth2/auth", params: { response_type: "code" } },
      token: { url: "https://start.exactonline.nl/api/oauth2/token" },
      userinfo: { url: "https://start.exactonline.nl/api/v1/current/Me" },
    });
    expect(p.authorization.params).not.toHaveProperty("scope");
  });

  test("maps current/Me to a profile", async () => {
    const profile = await exactProvider(client).profile?.(
      { UserID: "u-1", UserName: "jan", FullName: "Jan Jansen", Email: "jan@x.nl", CurrentDivision: 7 },
      {} as never,
    );
    expect(profile).toEqual({ id: "u-1", name: "Jan Jansen", email: "jan@x.nl" });
  });

  test("the authorization URL carries the exact redirect URI, state and force_login", () => {
    const url = authorizationUrl(client, "https://portal.example/api/exact/callback", "st", true);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: "id",
      redirect_uri: "https://portal.example/api/exact/callback",
      response_type: "code",
      force_login: "1",
      state: "st",
    });
    expect(authorizationUrl(client, "r", "st", false).searchParams.get("force_login")).toBe("0");
  });
});
