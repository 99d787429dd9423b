import { expect, test } from "vitest";
import { startExactSimulator } from "./start-exact-simulator";
import { ExactTestClient } from "./testing/exact-test-client";

test("the log has method, path and status per request, and never a code, token, password or query", async () => {
  const lines: string[] = [];
  const sim = await startExactSimulator({ port: 0, stateFile: null, control: true, log: (l) => lines.push(l) });
  try {
    const client = new ExactTestClient(sim);
    const location = await client.authorize({ state: "secret-state" });
    const code = location.searchParams.get("code") ?? "";
    const tokens = await (await client.exchange(code)).json();
    await client.advance(570);
    const next = await (await client.refresh(tokens.refresh_token)).json();
    await client.api("current/Me", next.access_token);
    expect(lines).toContain("POST /nl/api/oauth2/token 200");
    expect(lines).toContain("GET /nl/api/v1/current/Me 200");
    const all = lines.join("\n");
    for (const secret of [
      code,
      tokens.access_token,
      tokens.refresh_token,
      next.access_token,
      next.refresh_token,
      sim.firstUser.password,
      "secret-state",
      "?",
    ]) {
      expect(all).not.toContain(secret);
    }
  } finally {
    await sim.close();
  }
});
