import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { startExactSimulator } from "./start-exact-simulator";
import { ExactTestClient, requestIdOf } from "./testing/exact-test-client";

function tempStateFile(): string {
  return path.join(mkdtempSync(path.join(tmpdir(), "exact-sim-state-")), "nested", "state.json");
}

describe("state survives a restart (same stateFile)", () => {
  test("tokens, refresh chain, session, pending request, code, counters and clock offset", async () => {
    const stateFile = tempStateFile();
    const first = await startExactSimulator({ port: 0, stateFile, control: true });
    const a = new ExactTestClient(first);
    const tokens = await a.connect();
    const pendingHtml = await (await a.get(a.authorizeUrl({ forceLogin: true }))).text();
    const pendingId = requestIdOf(pendingHtml);
    // Another user: a second consent by the same user would retire a's chain (one per user and app).
    const b = new ExactTestClient(first);
    const unusedCode =
      (await b.authorize({ userName: "sanne.bakery", password: "Bakery-Exact-1" })).searchParams.get("code") ?? "";
    await a.advance(100);
    await first.close();

    expect(existsSync(stateFile)).toBe(true);
    const onDisk = readFileSync(stateFile, "utf8");
    // Only hashes of secrets are stored.
    for (const secret of [tokens.access_token, tokens.refresh_token, unusedCode, first.firstUser.password]) {
      expect(onDisk).not.toContain(secret);
    }
    expect(readdirSync(path.dirname(stateFile)).filter((f) => f.endsWith(".tmp"))).toEqual([]);

    const second = await startExactSimulator({ port: 0, stateFile, control: true });
    try {
      const a2 = new ExactTestClient(second);
      a2.jar = a.jar;
      // The clock offset is back.
      expect((await (await a2.control("clock")).json()).offsetSeconds).toBe(100);
      // The access token still works.
      expect((await a2.api("current/Me", tokens.access_token)).status).toBe(200);
      // The browser session too: no login form.
      expect(await (await a2.get(a2.authorizeUrl())).text()).toContain("Toestaan");
      // A login form opened before the restart can still be submitted.
      expect((await a2.login(pendingId, second.firstUser.userName, second.firstUser.password)).status).toBe(302);
      // A code issued before the restart can be exchanged after it.
      const b2 = new ExactTestClient(second);
      expect((await b2.exchange(unusedCode)).status).toBe(200);
      // The too-early rule remembers when the last access token was issued.
      expect((await a2.refresh(tokens.refresh_token)).status).toBe(400);
      await a2.advance(470);
      expect((await a2.refresh(tokens.refresh_token)).status).toBe(200);
      expect((await a2.refresh(tokens.refresh_token)).status).toBe(401);
      const counters = await (await a2.control("counters")).json();
      expect(counters.token.authorization_code.ok).toBe(2);
      expect(counters.token.refresh_token).toMatchObject({ ok: 1, too_early: 1, old_refresh_token: 1 });
    } finally {
      await second.close();
    }
  });

  test("revoked tokens, retired chains, division scopes and error counts survive a restart", async () => {
    const stateFile = tempStateFile();
    const first = await startExactSimulator({ port: 0, stateFile, control: true });
    const a = new ExactTestClient(first);
    await a.advanceToNext(3600, 1);
    const retired = await a.connect();
    const live = await new ExactTestClient(first).connect();
    await a.control("revoke-access-tokens", { accessToken: live.access_token });
    await a.control("division-scope", { userName: "marieke.qics", divisions: [2340001] });
    const jan = await new ExactTestClient(first).connect({ userName: "jan.qics", password: "Qics-Jan-2019" });
    for (let i = 0; i < 10; i++) await a.api("2340007/system/Divisions", jan.access_token);
    await first.close();

    const second = await startExactSimulator({ port: 0, stateFile, control: true });
    try {
      const b = new ExactTestClient(second);
      expect((await b.api("current/Me", live.access_token)).status).toBe(401);
      expect((await b.api("2340002/system/Divisions", retired.access_token)).status).toBe(403);
      expect((await b.api("2340007/system/Divisions", jan.access_token)).status).toBe(429);
      // The revoked token was the chain's latest: its refresh is not too early, and works.
      expect((await b.refresh(live.refresh_token)).status).toBe(200);
      await b.advance(570);
      expect((await b.refresh(retired.refresh_token)).status).toBe(401);
    } finally {
      await second.close();
    }
  });

  test("tokens are on disk before the token answer goes out", async () => {
    const stateFile = tempStateFile();
    const sim = await startExactSimulator({ port: 0, stateFile, control: true });
    try {
      const client = new ExactTestClient(sim);
      await client.connect();
      const saved = JSON.parse(readFileSync(stateFile, "utf8"));
      expect(Object.keys(saved.accessTokens)).toHaveLength(1);
      expect(Object.keys(saved.refreshTokens)).toHaveLength(1);
    } finally {
      await sim.close();
    }
  });

  test("an unreadable state file is reported and the simulator starts empty", async () => {
    const stateFile = tempStateFile();
    mkdirSync(path.dirname(stateFile), { recursive: true });
    writeFileSync(stateFile, "{not json");
    const lines: string[] = [];
    const sim = await startExactSimulator({ port: 0, stateFile, log: (line) => lines.push(line) });
    try {
      expect(lines.some((line) => line.includes("unreadable"))).toBe(true);
      expect((await new ExactTestClient(sim).connect()).access_token).toBeTruthy();
    } finally {
      await sim.close();
    }
  });

  test("stateFile: null keeps everything in memory", async () => {
    const sim = await startExactSimulator({ port: 0, stateFile: null });
    const client = new ExactTestClient(sim);
    const tokens = await client.connect();
    await sim.close();
    const again = await startExactSimulator({ port: 0, stateFile: null });
    try {
      expect((await new ExactTestClient(again).api("current/Me", tokens.access_token)).status).toBe(401);
    } finally {
      await again.close();
    }
  });
});
