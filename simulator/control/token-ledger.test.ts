import { createHash } from "node:crypto";
import { afterEach, beforeEach, expect, test } from "vitest";
import { type ExactSimulator, startExactSimulator } from "../start-exact-simulator";
import { ExactTestClient, type TokenPair } from "../testing/exact-test-client";
import type { LedgerChain } from "./token-ledger";

let sim: ExactSimulator;
let client: ExactTestClient;
beforeEach(async () => {
  sim = await startExactSimulator({ port: 0, stateFile: null, control: true });
  client = new ExactTestClient(sim);
});
afterEach(() => sim.close());

const sha256 = (token: string) => createHash("sha256").update(token).digest("base64url");
const ledger = async (): Promise<LedgerChain[]> => (await (await fetch(`${sim.url}/_control/ledger`)).json()).chains;
const control = (path: string, body: unknown) =>
  fetch(`${sim.url}/_control/${path}`, { method: "POST", body: JSON.stringify(body) });

test("the ledger lists every refresh token of a chain in order, which were used, which answers were dropped", async () => {
  const first = await client.connect();
  await client.advance(570);
  const second = (await (await client.refresh(first.refresh_token)).json()) as TokenPair;
  await client.advance(570);
  await control("fault", { path: "/api/oauth2/token", fault: { dropAfterTokens: true } });
  await client.refresh(second.refresh_token).catch(() => null);
  // A refused reuse issues nothing.
  expect((await client.refresh(first.refresh_token)).status).toBe(401);

  const [chain] = await ledger();
  expect(chain.userName).toBe(sim.firstUser.userName);
  expect(chain.retiredAt).toBeNull();
  expect(chain.tokens.map((t) => t.sha256).slice(0, 2)).toEqual([
    sha256(first.refresh_token),
    sha256(second.refresh_token),
  ]);
  expect(chain.tokens).toHaveLength(3);
  expect(chain.tokens.map((t) => t.usedAt !== null)).toEqual([true, true, false]);
  expect(chain.tokens.map((t) => t.answerDropped)).toEqual([false, false, true]);
  expect(chain.tokens.map((t) => t.answerHeldMs)).toEqual([0, 0, 0]);
  // Hashes only: no token in the clear.
  expect(JSON.stringify(chain)).not.toContain(first.refresh_token);
});

test("accessTokenSeconds shortens the access token and the too-early rule with it (30 s before its end)", async () => {
  await control("options", { accessTokenSeconds: 60 });
  const first = await client.connect();
  expect(first.expires_in).toBe("60");
  await client.advance(25);
  expect((await client.refresh(first.refresh_token)).status).toBe(400);
  await client.advance(6);
  const next = await client.refresh(first.refresh_token);
  expect(next.status).toBe(200);
  // An answer held back 1.5 s after the rotation: the ledger says so.
  await client.advance(31);
  await control("fault", { path: "/api/oauth2/token", fault: { delayAfterTokensMs: 1500 } });
  await client.refresh(((await next.json()) as TokenPair).refresh_token);
  const [chain] = await ledger();
  expect(chain.tokens).toHaveLength(3);
  expect(chain.tokens[2].answerHeldMs).toBe(1500);
  expect((await control("options", { accessTokenSeconds: 59 })).status).toBe(400);
});
