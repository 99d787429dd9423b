import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { LoginEvent } from "@/lib/data/login-event";
import { composeEmail } from "./email-message";

const LOGIN_ID = "6f1c2a52-5b0e-4f0a-9d49-7d7f4d1d2a11";

function event(over: Partial<LoginEvent> = {}, login: Partial<LoginEvent["login"]> = {}): LoginEvent {
  return {
    event: "oauth_login.expiring",
    occurredAt: "2016-06-28T08:00:00.000Z",
    environment: { id: "e", name: "Productie" },
    login: {
      id: LOGIN_ID,
      description: "Exact NL",
      site: "NL",
      status: "expiring",
      reason: null,
      reasonValues: null,
      // 23:30 UTC is the next day in Amsterdam.
      expiresAt: "2016-07-01T23:30:00.000Z",
      ...login,
    },
    administrations: [
      {
        id: "a1",
        description: "ONLINE",
        divisions: [
          { code: "1", name: "Qics BV", exactDivision: 12345 },
          { code: "2", name: "Qics Holding", exactDivision: null },
        ],
      },
      { id: "a2", description: "LEEG", divisions: [] },
    ],
    ...over,
  };
}

let saved: { AUTH_URL?: string; PORT?: string };
beforeEach(() => {
  saved = { AUTH_URL: process.env.AUTH_URL, PORT: process.env.PORT };
  process.env.AUTH_URL = "https://koppeling.example.nl/";
});
afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

describe("composeEmail", () => {
  test("expiring, in Dutch: the date as the portal writes it, the administrations and divisions, the link", () => {
    const m = composeEmail(event(), "nl");
    expect(m.subject).toBe("[Koppeling Productie] OAuth login Exact NL verloopt op 2-7-2016");
    expect(m.text).toContain("OAuth login Exact NL verloopt op 2-7-2016.");
    expect(m.text).toContain("Omgeving: Productie");
    expect(m.text).toContain("OAuth login: Exact NL (https://start.exactonline.nl/)");
    expect(m.text).toContain("Status: Verloopt binnenkort");
    expect(m.text).toContain("Administraties die deze login gebruiken:");
    expect(m.text).toContain("- ONLINE: 1 - Qics BV (Exact-divisie 12345), 2 - Qics Holding");
    expect(m.text).toContain("- LEEG: geen divisies");
    expect(m.text).toContain(
      `Nu opnieuw autoriseren: https://koppeling.example.nl/system/oauth-logins?login=${LOGIN_ID}`,
    );
    expect(m.html).toContain(`<a href="https://koppeling.example.nl/system/oauth-logins?login=${LOGIN_ID}">`);
    expect(m.html).toContain('<html lang="nl">');
  });

  test("the same in English", () => {
    const m = composeEmail(event(), "en");
    expect(m.subject).toBe("[Koppeling Productie] OAuth login Exact NL expires on 02/07/2016");
    expect(m.text).toContain("Administrations that use this login:");
    expect(m.text).toContain("1 - Qics BV (Exact division 12345)");
    expect(m.text).toContain("Status: Expiring soon");
  });

  test("needs_reauth gives the reason in words, with the values it names", () => {
    const m = composeEmail(
      event(
        { event: "oauth_login.needs_reauth" },
        { status: "needs_reauth", reason: "refresh_chain_superseded", reasonValues: { login: "Exact NL 2" } },
      ),
      "nl",
    );
    expect(m.subject).toBe("[Koppeling Productie] OAuth login Exact NL moet opnieuw worden geautoriseerd");
    expect(m.text).toContain(
      "OAuth login Exact NL moet opnieuw worden geautoriseerd: Dezelfde Exact-gebruiker gaf later toestemming voor OAuth login Exact NL 2;",
    );
    expect(m.text).toContain("Status: Opnieuw autoriseren nodig");
  });

  test("a login that ran out without an error says when it expired; an unknown reason says none is known", () => {
    const expired = composeEmail(
      event({ event: "oauth_login.needs_reauth", occurredAt: "2016-07-03T08:00:00.000Z" }, { status: "needs_reauth" }),
      "nl",
    );
    expect(expired.text).toContain("moet opnieuw worden geautoriseerd: De login is op 2-7-2016 verlopen.");
    const error = composeEmail(
      event({ event: "oauth_login.error" }, { status: "error", reason: "no_such_code" }),
      "en",
    );
    expect(error.text).toContain("OAuth login Exact NL has an error: No reason is known.");
  });

  test("recovered and test", () => {
    expect(composeEmail(event({ event: "oauth_login.recovered" }, { status: "active" }), "nl").text).toContain(
      "OAuth login Exact NL werkt weer.",
    );
    const test = composeEmail(event({ event: "test", administrations: [] }), "nl");
    expect(test.subject).toBe("[Koppeling Productie] Testmelding");
    expect(test.text).toContain("https://koppeling.example.nl/system/settings?tab=general");
    expect(test.text).not.toContain("Exact NL");
  });

  test("without AUTH_URL the link is localhost on PORT", () => {
    delete process.env.AUTH_URL;
    process.env.PORT = "3412";
    expect(composeEmail(event(), "nl").text).toContain(`http://localhost:3412/system/oauth-logins?login=${LOGIN_ID}`);
  });

  test("names are escaped in the HTML", () => {
    const m = composeEmail(event({}, { description: `<script>"x"&` }), "nl");
    expect(m.html).not.toContain("<script>");
    expect(m.html).toContain("&lt;script&gt;&quot;x&quot;&amp;");
    expect(m.text).toContain(`OAuth login <script>"x"& verloopt`);
  });
});
