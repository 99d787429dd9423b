import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { type ExactSimulator, startExactSimulator } from "../start-exact-simulator";
import { ExactTestClient, type TokenPair } from "../testing/exact-test-client";

let sim: ExactSimulator;
let client: ExactTestClient;
beforeEach(async () => {
  sim = await startExactSimulator({ port: 0, stateFile: null, control: true });
  client = new ExactTestClient(sim);
});
afterEach(() => sim.close());

const revoke = (body: unknown) => client.control("revoke-access-tokens", body);
const PIETER = { userName: "pieter.kantoor", password: "Pieters-Exact-130" };

describe("POST /_control/revoke-access-tokens: Exact refuses live access tokens early", () => {
  test("every caller with the revoked token gets 401 until one refresh; the new token works for all", async () => {
    // With the error block on, only ten of the 401s would be answered (next test).
    await client.control("options", { errorsPerHour: 0 });
    const first = await client.connect();
    expect((await client.api("current/Me", first.access_token)).status).toBe(200);
    expect(await (await revoke({ userName: "marieke.qics" })).json()).toEqual({ revoked: 1 });

    const refused = await Promise.all(Array.from({ length: 50 }, () => client.api("current/Me", first.access_token)));
    expect(refused.map((r) => r.status)).toEqual(Array(50).fill(401));
    expect(refused[0].headers.get("www-authenticate")).toBe("Bearer");
    expect(await refused[0].json()).toEqual({ error: { code: "", message: { lang: "", value: expect.any(String) } } });

    // Seconds after the token was issued, yet not "too early": the client holds no valid token.
    const refresh = await client.refresh(first.refresh_token);
    expect(refresh.status).toBe(200);
    const second = (await refresh.json()) as TokenPair;
    const retried = await Promise.all(Array.from({ length: 50 }, () => client.api("current/Me", second.access_token)));
    expect(retried.map((r) => r.status)).toEqual(Array(50).fill(200));
    // The revoked token stays refused; the new chain obeys the too-early rule again.
    expect((await client.api("current/Me", first.access_token)).status).toBe(401);
    expect((await client.refresh(second.refresh_token)).status).toBe(400);
    const counters = await (await client.control("counters")).json();
    expect(counters.token.refresh_token).toMatchObject({ ok: 1, too_early: 1 });
  });

  test("with the 10-errors block on (the default), a crowd of refused callers blocks the endpoint for the hour", async () => {
    await client.advanceToNext(3600, 1);
    const first = await client.connect();
    await revoke({ userName: "marieke.qics" });
    const refused = await Promise.all(Array.from({ length: 50 }, () => client.api("current/Me", first.access_token)));
    const statuses = refused.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(40);
    const second = (await (await client.refresh(first.refresh_token)).json()) as TokenPair;
    // Same app, user and endpoint: blocked until the hour is over, also with the good token.
    expect((await client.api("current/Me", second.access_token)).status).toBe(429);
    expect((await client.api("2340001/system/Divisions", second.access_token)).status).toBe(200);
    const counters = await (await client.control("counters")).json();
    expect(counters.errorBlocked).toBe(41);
  });

  test("userName narrows it to one user; without a body every live token is revoked", async () => {
    const marieke = await client.connect();
    const pieter = await new ExactTestClient(sim).connect(PIETER);
    expect(await (await revoke({ userName: "Pieter.Kantoor" })).json()).toEqual({ revoked: 1 });
    expect((await client.api("current/Me", marieke.access_token)).status).toBe(200);
    expect((await client.api("current/Me", pieter.access_token)).status).toBe(401);
    expect((await client.api("3100001/system/Divisions", pieter.access_token)).status).toBe(401);
    // Already revoked ones do not count again.
    expect(await (await revoke({})).json()).toEqual({ revoked: 1 });
    expect((await client.api("current/Me", marieke.access_token)).status).toBe(401);
  });

  test("accessToken revokes just that token; an older token of the chain does not make a refresh early-allowed", async () => {
    const first = await client.connect();
    await client.advance(570);
    const second = (await (await client.refresh(first.refresh_token)).json()) as TokenPair;
    // The first access token still has 30 s; revoking it leaves the chain's latest token valid.
    expect(await (await revoke({ accessToken: first.access_token })).json()).toEqual({ revoked: 1 });
    expect((await client.api("current/Me", first.access_token)).status).toBe(401);
    expect((await client.api("current/Me", second.access_token)).status).toBe(200);
    expect((await client.refresh(second.refresh_token)).status).toBe(400); // too early
    expect(await (await revoke({ accessToken: "never-issued" })).json()).toEqual({ revoked: 0 });
  });

  test("tokens issued after the revoke work; expired tokens are not counted", async () => {
    const first = await client.connect();
    await client.advance(601);
    expect(await (await revoke({})).json()).toEqual({ revoked: 0 });
    expect((await client.api("current/Me", first.access_token)).status).toBe(401);
    const later = await client.connect();
    expect((await client.api("current/Me", later.access_token)).status).toBe(200);
  });

  test("an unknown user or a malformed body → 400, nothing revoked", async () => {
    const tokens = await client.connect();
    expect((await revoke({ userName: "nobody" })).status).toBe(400);
    expect((await revoke({ userName: 5 })).status).toBe(400);
    expect((await revoke({ user: "marieke.qics" })).status).toBe(400);
    expect((await client.api("current/Me", tokens.access_token)).status).toBe(200);
  });
});
