import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type ExactSimulator, startExactSimulator } from "../start-exact-simulator";
import { ExactTestClient } from "../testing/exact-test-client";

let sim: ExactSimulator;
beforeAll(async () => {
  sim = await startExactSimulator({ port: 0, stateFile: null, control: true });
});
afterAll(() => sim.close());

async function codeFor(client: ExactTestClient): Promise<string> {
  return (await client.authorize()).searchParams.get("code") ?? "";
}

describe("POST /api/oauth2/token, grant_type=authorization_code", () => {
  test('credentials in the body: 200 with bearer tokens and expires_in as the STRING "600"', async () => {
    const client = new ExactTestClient(sim);
    const response = await client.exchange(await codeFor(client));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = await response.json();
    expect(Object.keys(body).sort()).toEqual(["access_token", "expires_in", "refresh_token", "token_type"]);
    expect(body.token_type).toBe("bearer");
    expect(body.expires_in).toBe("600");
    expect(typeof body.expires_in).toBe("string");
    expect(body.access_token).not.toBe(body.refresh_token);
  });

  test("tokens are about a kilobyte, like Exact's, with '!', '+' and '/' in them", async () => {
    const client = new ExactTestClient(sim);
    const body = await (await client.exchange(await codeFor(client))).json();
    for (const token of [body.access_token, body.refresh_token]) {
      expect(token).toMatch(/^[A-Za-z0-9+/]{4}!IAAAA[A-Za-z0-9+/]+$/);
      expect(token.length).toBeGreaterThanOrEqual(1000);
      expect(token.length).toBeLessThanOrEqual(1100);
      expect(token).toContain("+");
      expect(token).toContain("/");
    }
  });

  test("a refresh token must be form-encoded: a bare '+' in the body is a space", async () => {
    const client = new ExactTestClient(sim);
    const first = await client.connect();
    await client.advance(570);
    const url = `${client.base}/api/oauth2/token`;
    const raw = (token: string) =>
      fetch(url, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: `grant_type=refresh_token&client_id=${client.app.clientId}&client_secret=${client.app.clientSecret}&refresh_token=${token}`,
      });
    // Unencoded: "+" arrives as " ", the token is unknown.
    const broken = await raw(first.refresh_token);
    expect(broken.status).toBe(400);
    expect(await broken.json()).toEqual({ error: "invalid_grant" });
    // Percent-encoded (what URLSearchParams does): the token works.
    const encoded = await raw(encodeURIComponent(first.refresh_token));
    expect(encoded.status).toBe(200);
    // And the new access token works as a Bearer token.
    const second = await encoded.json();
    expect((await client.api("current/Me", second.access_token)).status).toBe(200);
  });

  test("HTTP Basic client authentication works too", async () => {
    const client = new ExactTestClient(sim);
    const response = await client.exchange(await codeFor(client), { basic: true });
    expect(response.status).toBe(200);
    expect((await response.json()).expires_in).toBe("600");
  });

  test("every site's app exchanges on its own site", async () => {
    for (const site of ["BE", "DE", "UK", "US", "ES", "FR"] as const) {
      const client = new ExactTestClient(sim, site);
      expect((await client.exchange(await codeFor(client))).status).toBe(200);
    }
  });

  test("a wrong secret → 401 invalid_client (and the code stays usable)", async () => {
    const client = new ExactTestClient(sim);
    const code = await codeFor(client);
    const response = await client.token({
      grant_type: "authorization_code",
      code,
      redirect_uri: client.app.redirectUri,
      client_secret: "wrong",
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: "invalid_client" });
    expect((await client.exchange(code)).status).toBe(200);
  });

  test("an unknown client, or the NL app on /be → 401 invalid_client", async () => {
    const client = new ExactTestClient(sim);
    const unknown = await client.token({
      grant_type: "authorization_code",
      code: "x",
      client_id: "00000000-0000-4000-8000-000000000000",
    });
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toEqual({ error: "invalid_client" });
    const code = await codeFor(client);
    const otherSite = await client.token(
      { grant_type: "authorization_code", code, redirect_uri: client.app.redirectUri },
      { site: "BE" },
    );
    expect(otherSite.status).toBe(401);
  });

  test("a code is single use: the second exchange → 400 invalid_grant", async () => {
    const client = new ExactTestClient(sim);
    const code = await codeFor(client);
    expect((await client.exchange(code)).status).toBe(200);
    const again = await client.exchange(code);
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({ error: "invalid_grant" });
  });

  test("an unknown code → 400 invalid_grant", async () => {
    const client = new ExactTestClient(sim);
    const response = await client.exchange("made-up");
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "invalid_grant" });
  });

  test("a code lives 3 minutes: fine at 170 s, invalid_grant after 181 s", async () => {
    const client = new ExactTestClient(sim);
    const early = await codeFor(client);
    await client.advance(170);
    expect((await client.exchange(early)).status).toBe(200);
    const late = await codeFor(client);
    await client.advance(181);
    const response = await client.exchange(late);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "invalid_grant" });
  });

  test("a code is bound to its redirect_uri", async () => {
    const client = new ExactTestClient(sim);
    const code = await codeFor(client);
    const response = await client.exchange(code, { redirectUri: "http://localhost:3000/other" });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "invalid_grant" });
    const missing = await client.token({ grant_type: "authorization_code", code });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({ error: "invalid_grant" });
  });

  test("a code is bound to its client: another NL app cannot redeem it", async () => {
    const client = new ExactTestClient(sim);
    const code = await codeFor(client);
    const other = sim.apps.find((a) => a.site === "NL" && a.clientId !== client.app.clientId);
    if (!other) throw new Error("fixture needs a second NL app");
    const thief = new ExactTestClient(sim, "NL", other);
    const response = await thief.exchange(code, { redirectUri: client.app.redirectUri });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "invalid_grant" });
  });

  test("other grant types → 400 unsupported_grant_type; a JSON body → 400 invalid_request", async () => {
    const client = new ExactTestClient(sim);
    const other = await client.token({ grant_type: "client_credentials" });
    expect(other.status).toBe(400);
    expect((await other.json()).error).toBe("unsupported_grant_type");
    const json = await fetch(`${client.base}/api/oauth2/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ grant_type: "authorization_code" }),
    });
    expect(json.status).toBe(400);
    expect((await json.json()).error).toBe("invalid_request");
  });

  test("GET on the token endpoint → 405", async () => {
    const client = new ExactTestClient(sim);
    const response = await fetch(`${client.base}/api/oauth2/token`);
    expect(response.status).toBe(405);
  });
});
