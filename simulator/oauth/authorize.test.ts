import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEFAULT_FIXTURE, type ExactSimulator, startExactSimulator } from "../start-exact-simulator";
import { ExactTestClient, requestIdOf } from "../testing/exact-test-client";

let sim: ExactSimulator;
beforeAll(async () => {
  sim = await startExactSimulator({ port: 0, stateFile: null, control: true });
});
afterAll(() => sim.close());

const consentSentence = (app: string, user: string) =>
  `${app} heeft uw permissie nodig om toegang te krijgen tot de gegevens van uw Exact Online omgeving (${user})`;

describe("GET /api/oauth2/auth: client and redirect URI", () => {
  test("an unknown client id gets a 400 'Client not found' page that redirects nowhere", async () => {
    const client = new ExactTestClient(sim);
    const response = await client.get(client.authorizeUrl({ clientId: "00000000-0000-4000-8000-000000000000" }));
    expect(response.status).toBe(400);
    expect(response.headers.get("location")).toBeNull();
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(await response.text()).toContain("Client not found");
  });

  test("a client id registered on NL used on /be is 'Client not found' too (apps live on one site)", async () => {
    const nl = new ExactTestClient(sim, "NL");
    const be = new ExactTestClient(sim, "BE", nl.app);
    const response = await be.get(be.authorizeUrl());
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Client not found");
    expect((await nl.get(nl.authorizeUrl())).status).toBe(200);
  });

  test.each([
    ["another host", "https://evil.example/api/exact/callback"],
    ["an extra query string", "http://localhost:3000/api/exact/callback?x=1"],
    ["a trailing slash", "http://localhost:3000/api/exact/callback/"],
    ["another scheme", "https://localhost:3000/api/exact/callback"],
  ])("a redirect_uri with %s gets an error page, no redirect", async (_, redirectUri) => {
    const client = new ExactTestClient(sim);
    const response = await client.get(client.authorizeUrl({ redirectUri }));
    expect(response.status).toBe(400);
    expect(response.headers.get("location")).toBeNull();
    expect(await response.text()).toContain("redirect_uri");
  });

  test("a missing redirect_uri is an error page as well", async () => {
    const client = new ExactTestClient(sim);
    const response = await client.get(
      `${client.base}/api/oauth2/auth?client_id=${client.app.clientId}&response_type=code`,
    );
    expect(response.status).toBe(400);
    expect(response.headers.get("location")).toBeNull();
  });

  test("the client id may be sent in braces and upper case, as Exact's App Center shows it", async () => {
    const client = new ExactTestClient(sim);
    const response = await client.get(client.authorizeUrl({ clientId: `{${client.app.clientId.toUpperCase()}}` }));
    expect(response.status).toBe(200);
  });

  test("response_type other than code is sent back to the (valid) redirect URI as an error", async () => {
    const client = new ExactTestClient(sim);
    const url = client.authorizeUrl({ state: "s1" }).replace("response_type=code", "response_type=token");
    const response = await client.get(url);
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location") ?? "");
    expect(location.searchParams.get("error")).toBe("unsupported_response_type");
    expect(location.searchParams.get("state")).toBe("s1");
  });
});

describe("login page", () => {
  test("shows Gebruikersnaam, Wachtwoord and a Login button, without JavaScript", async () => {
    const client = new ExactTestClient(sim);
    const response = await client.get(client.authorizeUrl());
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toMatch(/<label for="username">Gebruikersnaam<\/label>/);
    expect(html).toMatch(/<label for="password">Wachtwoord<\/label>/);
    expect(html).toMatch(/<button type="submit">Login<\/button>/);
    expect(html).not.toContain("<script");
    expect(html).toContain('lang="nl"');
  });

  test("a wrong password says so and shows the form again; no session is started", async () => {
    const client = new ExactTestClient(sim);
    const requestId = requestIdOf(await (await client.get(client.authorizeUrl())).text());
    const response = await client.login(requestId, sim.firstUser.userName, "wrong");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("De gebruikersnaam of het wachtwoord is onjuist.");
    expect(html).toContain('name="password"');
    expect(html).toContain(`value="${sim.firstUser.userName}"`);
    expect(client.jar.size).toBe(0);
  });

  test("an unknown user gets the same message (user names are not revealed)", async () => {
    const client = new ExactTestClient(sim);
    const requestId = requestIdOf(await (await client.get(client.authorizeUrl())).text());
    const html = await (await client.login(requestId, "nobody", "x")).text();
    expect(html).toContain("De gebruikersnaam of het wachtwoord is onjuist.");
  });

  test("what the user typed is HTML-escaped when the form is shown again", async () => {
    const client = new ExactTestClient(sim);
    const requestId = requestIdOf(await (await client.get(client.authorizeUrl())).text());
    const html = await (await client.login(requestId, `"><script>alert(1)</script>`, "x")).text();
    expect(html).not.toContain("<script>");
    expect(html).toContain("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  test("a forged or stale request id gets an error page", async () => {
    const client = new ExactTestClient(sim);
    const response = await client.login("no-such-request", sim.firstUser.userName, sim.firstUser.password);
    expect(response.status).toBe(400);
    expect(response.headers.get("location")).toBeNull();
  });

  test("the user name is matched case-insensitively, like Exact's", async () => {
    const client = new ExactTestClient(sim);
    const requestId = requestIdOf(await (await client.get(client.authorizeUrl())).text());
    const response = await client.login(requestId, sim.firstUser.userName.toUpperCase(), sim.firstUser.password);
    expect(response.status).toBe(302);
  });
});

describe("consent page and decision", () => {
  test("after login: the seed's sentence with app and user name, Uitloggen, Weigeren and Toestaan", async () => {
    const client = new ExactTestClient(sim);
    const requestId = requestIdOf(await (await client.get(client.authorizeUrl())).text());
    const login = await client.login(requestId, sim.firstUser.userName, sim.firstUser.password);
    expect(login.status).toBe(302);
    const cookie = login.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Path=\/nl/);
    const html = await (await client.follow(login)).text();
    expect(html).toContain(consentSentence("Koppeling", sim.firstUser.userName));
    expect(html).toMatch(/<a href="[^"]*\/nl\/api\/oauth2\/logout\?request=[^"]+">Uitloggen<\/a>/);
    expect(html).toMatch(/<button type="submit"[^>]*value="deny">Weigeren<\/button>/);
    expect(html).toMatch(/<button type="submit"[^>]*value="allow">Toestaan<\/button>/);
  });

  test("Toestaan → 302 to redirect_uri?code=…&state=… with state unchanged (properly encoded)", async () => {
    const client = new ExactTestClient(sim);
    const state = "a b&c=d/é?#+%";
    const location = await client.authorize({ state });
    expect(`${location.origin}${location.pathname}`).toBe(client.app.redirectUri);
    expect(location.searchParams.get("code")).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(location.searchParams.get("state")).toBe(state);
    expect(location.search).toContain(`state=${encodeURIComponent(state)}`);
    expect([...location.searchParams.keys()].sort()).toEqual(["code", "state"]);
  });

  test("Weigeren → 302 to redirect_uri?error=access_denied&state=…", async () => {
    const client = new ExactTestClient(sim);
    const location = await client.authorize({ state: "deny-me", decision: "deny" });
    expect(`${location.origin}${location.pathname}`).toBe(client.app.redirectUri);
    expect(location.searchParams.get("error")).toBe("access_denied");
    expect(location.searchParams.get("state")).toBe("deny-me");
    expect(location.searchParams.get("code")).toBeNull();
  });

  test("without state in the request, the redirect carries none", async () => {
    const client = new ExactTestClient(sim);
    const allowed = await client.authorize({ state: null });
    expect(allowed.searchParams.has("state")).toBe(false);
    expect(allowed.searchParams.has("code")).toBe(true);
    const denied = await client.authorize({ state: null, decision: "deny" });
    expect(denied.search).toBe("?error=access_denied");
  });

  test("a consent request id is single use", async () => {
    const client = new ExactTestClient(sim);
    await client.authorize();
    const page = await client.get(client.authorizeUrl());
    const requestId = requestIdOf(await page.text());
    expect((await client.decide(requestId, "allow")).status).toBe(302);
    expect((await client.decide(requestId, "allow")).status).toBe(400);
  });

  test("without a session the consent POST shows the login form instead", async () => {
    const signedIn = new ExactTestClient(sim);
    await signedIn.authorize();
    const requestId = requestIdOf(await (await signedIn.get(signedIn.authorizeUrl())).text());
    const stranger = new ExactTestClient(sim);
    const response = await stranger.decide(requestId, "allow");
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Wachtwoord");
  });
});

describe("the simulator session", () => {
  test("skips the login form on the next authorization, unless force_login=1", async () => {
    const client = new ExactTestClient(sim);
    await client.authorize();
    const again = await (await client.get(client.authorizeUrl())).text();
    expect(again).toContain(consentSentence("Koppeling", sim.firstUser.userName));
    expect(again).not.toContain('name="password"');
    const forced = await (await client.get(client.authorizeUrl({ forceLogin: true }))).text();
    expect(forced).toContain('name="password"');
    expect(forced).not.toContain("Toestaan");
  });

  test("force_login=1 lets another Exact user sign in, and the consent names that user", async () => {
    const client = new ExactTestClient(sim);
    await client.authorize();
    const location = await client.authorize({ forceLogin: true, userName: "sanne.bakery", password: "Bakery-Exact-1" });
    expect(location.searchParams.has("code")).toBe(true);
    const html = await (await client.get(client.authorizeUrl())).text();
    expect(html).toContain(consentSentence("Koppeling", "sanne.bakery"));
  });

  test("is per site: signing in on /nl does not sign you in on /be", async () => {
    const nl = new ExactTestClient(sim, "NL");
    await nl.authorize();
    const be = new ExactTestClient(sim, "BE");
    be.jar = nl.jar;
    const html = await (await be.get(be.authorizeUrl())).text();
    expect(html).toContain('name="password"');
  });

  test("Uitloggen ends the session and goes back to the login form of the same request", async () => {
    const client = new ExactTestClient(sim);
    await client.authorize();
    const consent = await (await client.get(client.authorizeUrl({ state: "keep-me" }))).text();
    const requestId = requestIdOf(consent);
    const href = /<a href="([^"]+)">Uitloggen<\/a>/.exec(consent)?.[1].replace(/&amp;/g, "&") ?? "";
    const logout = await client.get(new URL(href, sim.url).toString());
    expect(logout.status).toBe(302);
    expect(logout.headers.get("set-cookie")).toMatch(/Max-Age=0/);
    expect(client.jar.size).toBe(0);
    const loginPage = await client.follow(logout);
    const html = await loginPage.text();
    expect(html).toContain('name="password"');
    expect(requestIdOf(html)).toBe(requestId);
    // The same request goes on with another user, and state still comes back.
    const login = await client.login(requestId, "pieter.kantoor", "Pieters-Exact-130");
    const consentAgain = await (await client.follow(login)).text();
    expect(consentAgain).toContain(consentSentence("Koppeling", "pieter.kantoor"));
    const decision = await client.decide(requestId, "allow");
    expect(new URL(decision.headers.get("location") ?? "").searchParams.get("state")).toBe("keep-me");
    // The browser session is now the second user's.
    const fresh = await (await client.get(client.authorizeUrl({}))).text();
    expect(fresh).toContain("pieter.kantoor");
  });
});

describe("options", () => {
  test("redirectUri overrides every app's registered redirect URI", async () => {
    const other = await startExactSimulator({
      port: 0,
      stateFile: null,
      redirectUri: "http://localhost:3210/api/exact/callback",
    });
    try {
      expect(other.apps.every((app) => app.redirectUri === "http://localhost:3210/api/exact/callback")).toBe(true);
      const client = new ExactTestClient(other);
      const location = await client.authorize();
      expect(location.origin).toBe("http://localhost:3210");
      const old = await client.get(client.authorizeUrl({ redirectUri: "http://localhost:3000/api/exact/callback" }));
      expect(old.status).toBe(400);
    } finally {
      await other.close();
    }
  });

  test("an app name from the fixture is HTML-escaped on the consent page", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "exact-sim-"));
    const fixture = JSON.parse(readFileSync(DEFAULT_FIXTURE, "utf8"));
    fixture.apps[0].name = `Koppeling <img src=x onerror="alert(1)"> & Co`;
    const file = path.join(dir, "fixture.json");
    writeFileSync(file, JSON.stringify(fixture));
    const other = await startExactSimulator({ port: 0, stateFile: null, fixturePath: file });
    try {
      const client = new ExactTestClient(other);
      await client.authorize();
      const html = await (await client.get(client.authorizeUrl())).text();
      expect(html).not.toContain("<img");
      expect(html).toContain(
        consentSentence("Koppeling &lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; Co", other.firstUser.userName),
      );
    } finally {
      await other.close();
    }
  });
});
