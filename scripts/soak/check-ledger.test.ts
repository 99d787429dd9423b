import { describe, expect, test } from "vitest";
import type { LedgerChain, LedgerToken } from "@/simulator/control/token-ledger";
import { earlyRefreshesInLedger, judgeLogin, type LoginAtEnd } from "./check-ledger";

const token = (sha256: string, issuedAt: number, used: boolean, extra: Partial<LedgerToken> = {}): LedgerToken => ({
  sha256,
  issuedAt,
  usedAt: used ? issuedAt + 1 : null,
  afterRevocation: false,
  answerDropped: false,
  answerHeldMs: 0,
  ...extra,
});
const chain = (tokens: LedgerToken[], retiredAt: number | null = null): LedgerChain => ({
  grantId: "g",
  site: "nl",
  clientId: "c",
  userName: "crowd.01",
  createdAt: tokens[0].issuedAt,
  retiredAt,
  tokens,
});
const login = (storedSha256: string, extra: Partial<LoginAtEnd> = {}): LoginAtEnd => ({
  id: "L1",
  userName: "crowd.01",
  status: "active",
  lastError: null,
  storedSha256,
  inDoubt: false,
  ...extra,
});
const none = { kills: [], tokenTimeoutMs: 15_000 };

describe("judgeLogin", () => {
  test("kept: the stored token is the last Exact issued, unused", () => {
    const chains = [chain([token("a", 0, true), token("b", 60_000, false)])];
    expect(judgeLogin(login("b"), chains, none)).toEqual({ kind: "kept" });
  });

  test("lost: Exact issued a later token, no fault explains it — even when the login says the answer was lost", () => {
    const chains = [chain([token("a", 0, true), token("b", 60_000, false)])];
    expect(judgeLogin(login("a"), chains, none).kind).toBe("lost");
    const saysLost = login("a", { status: "needs_reauth", lastError: "refresh_answer_lost" });
    expect(judgeLogin(saysLost, chains, none).kind).toBe("lost");
  });

  test("lost: the answer called lost was Exact's token before others that were used (the portal had it)", () => {
    const dead = login("a", { status: "needs_reauth", lastError: "refresh_answer_lost" });
    const droppedThenUsed = [
      chain([token("a", 0, true), token("b", 60_000, true, { answerDropped: true }), token("c", 120_000, false)]),
    ];
    expect(judgeLogin(dead, droppedThenUsed, none).kind).toBe("lost");
    const droppedNotLast = [
      chain([token("a", 0, true), token("b", 60_000, false, { answerDropped: true }), token("c", 120_000, false)]),
    ];
    expect(judgeLogin(dead, droppedNotLast, none).kind).toBe("lost");
  });

  test("lost answer: a dropped answer, a timeout, or a kill of the holder of this login's lease, when the login says so", () => {
    const dead = login("a", { status: "needs_reauth", lastError: "refresh_answer_lost" });
    const dropped = [chain([token("a", 0, true), token("b", 60_000, false, { answerDropped: true })])];
    expect(judgeLogin(dead, dropped, none).kind).toBe("lost-answer");
    const plain = [chain([token("a", 0, true), token("b", 60_000, false)])];
    const held = (ms: number) => [chain([token("a", 0, true), token("b", 60_000, false, { answerHeldMs: ms })])];
    expect(judgeLogin(dead, held(20_000), none).kind).toBe("lost-answer");
    // Held, but less than the portal waits: the portal had the answer, so its loss is the portal's.
    expect(judgeLogin(dead, held(5_000), none).kind).toBe("lost");
    expect(judgeLogin(dead, plain, { ...none, kills: [{ at: 61_000, loginIds: ["L1"] }] }).kind).toBe("lost-answer");
    // A kill of a process that held another login's lease explains nothing here.
    expect(judgeLogin(dead, plain, { ...none, kills: [{ at: 61_000, loginIds: ["L2"] }] }).kind).toBe("lost");
    // Explained, but the login does not say it: lost.
    expect(
      judgeLogin(login("a", { status: "needs_reauth", lastError: "refresh_token_reused" }), dropped, none).kind,
    ).toBe("lost");
  });

  test("a token of a retired chain, or one Exact never issued, is lost", () => {
    const chains = [chain([token("a", 0, false)], 5), chain([token("x", 10, false)])];
    expect(judgeLogin(login("a"), chains, none).kind).toBe("lost");
    expect(judgeLogin(login("zz"), chains, none).kind).toBe("lost");
    expect(judgeLogin(login("x"), chains, none).kind).toBe("kept");
  });
});

test("earlyRefreshesInLedger counts refreshes closer than the rule allows, unless after a revocation", () => {
  const chains = [
    chain([token("a", 0, true), token("b", 30_000, true), token("c", 40_000, true, { afterRevocation: true })]),
    chain([token("d", 0, true), token("e", 29_999, false)]),
  ];
  expect(earlyRefreshesInLedger(chains, 30_000)).toBe(1);
});
