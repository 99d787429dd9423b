import { describe, expect, test } from "vitest";
import { isLoopbackHost, productionSettingsProblems } from "./production-settings-problems";

const production = {
  DATABASE_URL: "postgres://app@db.internal/koppeling",
  EXACT_CLIENT_ID: "b81cc4de-d192-400e-bcb4-09254394c52a",
  EXACT_CLIENT_SECRET: "s3cret",
  EXACT_REDIRECT_URI: "https://koppeling.example.nl/api/exact/callback",
  AUTH_URL: "https://koppeling.example.nl",
  NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: "q2TjM0m1a8YqBvKm3sXh1hB2r5Yt0XqvW8c9Jk1Lm2o=",
};

describe("productionSettingsProblems", () => {
  test("without DATABASE_URL (the embedded defaults) nothing is refused", () => {
    expect(productionSettingsProblems({})).toEqual([]);
    expect(productionSettingsProblems({ EXACT_SITE_URL_NL: "http://exact.example.com" })).toEqual([]);
  });

  test("a complete production configuration passes", () => {
    expect(productionSettingsProblems(production)).toEqual([]);
    expect(productionSettingsProblems({ ...production, EXACT_SITE_URL_BE: "https://exact-test.example.be/" })).toEqual(
      [],
    );
  });

  test("no Exact app: the simulator is refused unless EXACT_SIMULATOR=1 asks for it", () => {
    const { EXACT_CLIENT_ID: _i, EXACT_CLIENT_SECRET: _s, ...noApp } = production;
    const [problem, ...rest] = productionSettingsProblems(noApp);
    expect(rest).toEqual([]);
    expect(problem).toMatch(/will not simulate Exact Online: set EXACT_CLIENT_ID and EXACT_CLIENT_SECRET/);
    expect(productionSettingsProblems({ ...noApp, EXACT_SIMULATOR: "1" })).toEqual([]);
    expect(productionSettingsProblems({ ...noApp, EXACT_SIMULATOR: "yes" })).toHaveLength(1);
    // A registration for one site is an app too.
    expect(productionSettingsProblems({ ...noApp, EXACT_CLIENT_ID_UK: "x", EXACT_CLIENT_SECRET_UK: "y" })).toEqual([]);
  });

  test("EXACT_SITE_URL_<SITE> must be https unless it is a loopback address", () => {
    expect(productionSettingsProblems({ ...production, EXACT_SITE_URL_NL: "http://exact.example.com" })).toEqual([
      "EXACT_SITE_URL_NL must be an https:// address (plain http only on a loopback address such as 127.0.0.1), and http://exact.example.com is not.",
    ]);
    expect(productionSettingsProblems({ ...production, EXACT_SITE_URL_DE: "not a url" })).toEqual([
      "EXACT_SITE_URL_DE is not a URL: give an https:// address.",
    ]);
    expect(productionSettingsProblems({ ...production, EXACT_SITE_URL_NL: "ftp://exact.example.com" })).toHaveLength(1);
    for (const loopback of [
      "http://127.0.0.1:4010",
      "http://localhost:4010/",
      "http://[::1]:4010",
      "http://sim.localhost",
    ]) {
      expect(productionSettingsProblems({ ...production, EXACT_SITE_URL_NL: loopback })).toEqual([]);
    }
  });

  test("EXACT_REDIRECT_URI must be set, and https unless loopback", () => {
    const { EXACT_REDIRECT_URI: _r, ...noRedirect } = production;
    expect(productionSettingsProblems(noRedirect)).toEqual([
      expect.stringMatching(/^EXACT_REDIRECT_URI must be set in production/),
    ]);
    expect(
      productionSettingsProblems({
        ...production,
        EXACT_REDIRECT_URI: "http://koppeling.example.nl/api/exact/callback",
      }),
    ).toEqual([expect.stringMatching(/^EXACT_REDIRECT_URI must be an https:\/\/ address/)]);
    expect(
      productionSettingsProblems({ ...production, EXACT_REDIRECT_URI: "http://localhost:3000/api/exact/callback" }),
    ).toEqual([]);
  });

  test("SMTP_URL must encrypt the mail unless the relay is on loopback", () => {
    expect(productionSettingsProblems({ ...production, SMTP_URL: "smtps://mailer:pw@mail.qics.nl:465" })).toEqual([]);
    expect(
      productionSettingsProblems({ ...production, SMTP_URL: "smtp://mailer:pw@mail.qics.nl:587?requireTLS=true" }),
    ).toEqual([]);
    expect(productionSettingsProblems({ ...production, SMTP_URL: "smtp://127.0.0.1:25" })).toEqual([]);
    for (const plain of ["smtp://mailer:pw@mail.qics.nl:587", "smtp://mail.qics.nl:25?requireTLS=false"]) {
      expect(productionSettingsProblems({ ...production, SMTP_URL: plain })).toEqual([
        "SMTP_URL must encrypt the mail on its way to mail.qics.nl: use smtps:// or add ?requireTLS=true (plain SMTP only to a relay on a loopback address).",
      ]);
    }
    // Not production: the embedded defaults send to whatever a developer runs.
    expect(productionSettingsProblems({ SMTP_URL: "smtp://mail.qics.nl:25" })).toEqual([]);
  });

  test("the server actions key must be set, the same everywhere, and a valid AES key", () => {
    const { NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: _k, ...noKey } = production;
    expect(productionSettingsProblems(noKey)).toEqual([
      "NEXT_SERVER_ACTIONS_ENCRYPTION_KEY must be set in production, the same on every instance, so a form served by one instance can be sent to another: generate one with openssl rand -base64 32.",
    ]);
    const wrong =
      "NEXT_SERVER_ACTIONS_ENCRYPTION_KEY must be base64 of 16, 24 or 32 bytes: generate one with openssl rand -base64 32.";
    for (const value of ["not base64!", Buffer.alloc(20).toString("base64"), "secret"]) {
      expect(productionSettingsProblems({ ...production, NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: value })).toEqual([wrong]);
    }
    for (const n of [16, 24, 32]) {
      const key = Buffer.alloc(n, 7).toString("base64");
      expect(productionSettingsProblems({ ...production, NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: key })).toEqual([]);
    }
  });

  test("AUTH_URL must be set, and https unless loopback", () => {
    const { AUTH_URL: _a, ...noUrl } = production;
    expect(productionSettingsProblems(noUrl)).toEqual([
      "AUTH_URL must be set in production: the portal's public address, such as https://koppeling.example.nl (its cookies are Secure because of it, not because of a forwarded header).",
    ]);
    expect(productionSettingsProblems({ ...production, AUTH_URL: "http://koppeling.example.nl" })).toEqual([
      "AUTH_URL must be an https:// address (plain http only on a loopback address such as 127.0.0.1), and http://koppeling.example.nl is not.",
    ]);
    expect(productionSettingsProblems({ ...production, AUTH_URL: "http://localhost:3220" })).toEqual([]);
  });

  test("every problem is reported at once, one sentence each", () => {
    const problems = productionSettingsProblems({
      DATABASE_URL: production.DATABASE_URL,
      EXACT_SITE_URL_NL: "http://exact.example.com",
    });
    expect(problems).toHaveLength(5);
    for (const p of problems) expect(p.split(/(?<=\.) (?=[A-Z])/)).toHaveLength(1);
  });
});

describe("isLoopbackHost", () => {
  test.each([
    ["localhost", true],
    ["LOCALHOST", true],
    ["app.localhost", true],
    ["127.0.0.1", true],
    ["127.8.9.10", true],
    ["[::1]", true],
    ["::1", true],
    ["10.0.0.1", false],
    ["192.168.1.1", false],
    ["localhost.example.com", false],
    ["127.0.0.1.nip.io", false],
    ["::ffff:7f00:1", false],
    ["exact.example.com", false],
  ])("%s → %s", (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });
});
