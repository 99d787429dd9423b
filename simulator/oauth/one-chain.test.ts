import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { type ExactSimulator, startExactSimulator } from "../start-exact-simulator";
import { ExactTestClient, type TokenPair } from "../testing/exact-test-client";

let sim: ExactSimulator;
beforeEach(async () => {
  sim = await startExactSimulator({ port: 0, stateFile: null, control: true });
});
afterEach(() => sim.close());

const SANNE = { userName: "sanne.bakery", password: "Bakery-Exact-1" };
const counters = async (client: ExactTestClient) => (await client.control("counters")).json();

describe("one refresh-token chain per Exact user and app", () => {
  test("a second consent of the same user retires the first chain: its refresh token is 'Old refresh token used.'", async () => {
    // Two portal logins, two browsers, one Exact user.
    const first = new ExactTestClient(sim);
    const second = new ExactTestClient(sim);
    const a = await first.connect();
    const b = await second.connect();
    await first.advance(600);
    const retired = await first.refresh(a.refresh_token);
    expect(retired.status).toBe(401);
    expect(await retired.json()).toEqual({
      error: "unauthorized_client",
      error_description: "Old refresh token used.",
    });
    // The newer chain lives on.
    const next = await second.refresh(b.refresh_token);
    expect(next.status).toBe(200);
    expect((await first.refresh(a.refresh_token)).status).toBe(401);
    expect((await counters(first)).token.refresh_token).toMatchObject({ ok: 1, chain_retired: 2 });
  });

  test("the retired chain's access token lives out its 600 s", async () => {
    const client = new ExactTestClient(sim);
    const a = await client.connect();
    await client.advance(300);
    await new ExactTestClient(sim).connect();
    expect((await client.api("current/Me", a.access_token)).status).toBe(200);
    await client.advance(300);
    expect((await client.api("current/Me", a.access_token)).status).toBe(401);
  });

  test("a chain rotated after the second consent is retired all the same", async () => {
    const client = new ExactTestClient(sim);
    const a = await client.connect();
    await client.advance(570);
    const a2 = (await (await client.refresh(a.refresh_token)).json()) as TokenPair;
    await new ExactTestClient(sim).connect();
    await client.advance(570);
    expect((await client.refresh(a2.refresh_token)).status).toBe(401);
  });

  test("another user, or the same user on another app, keeps their own chain", async () => {
    const marieke = new ExactTestClient(sim);
    const a = await marieke.connect();
    await new ExactTestClient(sim).connect(SANNE);
    const acceptance = sim.apps.find((app) => app.site === "NL" && app.clientId !== marieke.app.clientId);
    if (!acceptance) throw new Error("fixture needs a second NL app");
    await new ExactTestClient(sim, "NL", acceptance).connect();
    await new ExactTestClient(sim, "BE").connect();
    await marieke.advance(570);
    expect((await marieke.refresh(a.refresh_token)).status).toBe(200);
  });

  test("a consent that is denied, or a code that is never exchanged, retires nothing", async () => {
    const client = new ExactTestClient(sim);
    const a = await client.connect();
    await new ExactTestClient(sim).authorize({ decision: "deny" });
    await new ExactTestClient(sim).authorize();
    await client.advance(570);
    expect((await client.refresh(a.refresh_token)).status).toBe(200);
  });

  test('option retiredChainWording "invantive": the same 401 in Invantive\'s words', async () => {
    const client = new ExactTestClient(sim);
    await client.control("options", { retiredChainWording: "invantive" });
    const a = await client.connect();
    await new ExactTestClient(sim).connect();
    await client.advance(570);
    const response = await client.refresh(a.refresh_token);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: "unauthorized_client",
      error_description:
        "an obsoleted refresh token can not be used on Exact Online; this occurs when an Exact Online user is associated twice with the same OAuth app",
    });
    expect((await client.control("options", { retiredChainWording: "other" })).status).toBe(400);
  });
});
