import type { LedgerChain } from "@/simulator/control/token-ledger";

/** What the soak knows of one login at the end: its Exact user and what its row holds. */
export type LoginAtEnd = {
  id: string;
  userName: string;
  status: string;
  lastError: string | null;
  /** SHA-256 (base64url) of the stored refresh token, as the ledger names tokens. */
  storedSha256: string | null;
  inDoubt: boolean;
};

/** A process the soak killed while it held refresh leases, and when (epoch ms). */
export type KillEvidence = { at: number; loginIds: string[] };

export type Evidence = {
  kills: KillEvidence[];
  /** The portal's token call timeout: an answer Exact held back longer never reached it. */
  tokenTimeoutMs: number;
};

export type LoginVerdict =
  | { kind: "kept" }
  /** Exact rotated, the answer never reached a store, and a fault the soak injected explains it. */
  | { kind: "lost-answer"; why: string }
  | { kind: "lost"; why: string };

/** A killed holder's answer can arrive this long after Exact issued it (held answers, store retries). */
const KILL_WINDOW_BEFORE_MS = 20_000;
/** A holder killed while its call waited before Exact ran it: issued this long after the kill. */
const KILL_WINDOW_AFTER_MS = 15_000;

/**
 * One login against the simulator's ledger: its stored refresh token must be the last one
 * Exact issued to its user's current chain, unused. Otherwise the token Exact issued after the
 * stored one must have been lost by a fault the soak injected (a dropped answer, an answer held
 * past the timeout, or a process killed while it held this login's lease) — and the login must
 * say so (needs a new consent with "the answer was lost", or in doubt).
 */
export function judgeLogin(login: LoginAtEnd, chains: LedgerChain[], evidence: Evidence): LoginVerdict {
  const own = chains.filter((c) => c.userName.toLowerCase() === login.userName.toLowerCase());
  const current = own.filter((c) => c.retiredAt === null).at(-1);
  const last = current?.tokens.at(-1);
  if (login.status !== "needs_reauth" && last && login.storedSha256 === last.sha256 && last.usedAt === null) {
    return { kind: "kept" };
  }
  const chain = own.find((c) => c.tokens.some((t) => t.sha256 === login.storedSha256));
  if (!chain) return { kind: "lost", why: "the stored refresh token is not one Exact issued to this user" };
  const at = chain.tokens.findIndex((t) => t.sha256 === login.storedSha256);
  const next = chain.tokens[at + 1];
  if (!next) {
    return {
      kind: "lost",
      why: `the stored token is Exact's last, yet the login is ${login.status} (${login.lastError})`,
    };
  }
  // A lost answer is Exact's last token of the chain, never used: had a later one been used, the
  // portal had the answer after all and did not keep what came of it.
  if (next.usedAt !== null || at + 1 !== chain.tokens.length - 1) {
    return { kind: "lost", why: "Exact issued a later token after the stored one and saw it used" };
  }
  const says = login.status === "needs_reauth" ? login.lastError === "refresh_answer_lost" : login.inDoubt;
  if (!says) {
    return {
      kind: "lost",
      why: `Exact issued a later token the login never stored, and the login says ${login.status}/${login.lastError}`,
    };
  }
  if (next.answerDropped) return { kind: "lost-answer", why: "Exact's answer was dropped after it rotated" };
  if (next.answerHeldMs > evidence.tokenTimeoutMs) {
    return { kind: "lost-answer", why: "Exact's answer was held past the portal's timeout after it rotated" };
  }
  const kill = evidence.kills.find(
    (k) =>
      k.loginIds.includes(login.id) &&
      next.issuedAt >= k.at - KILL_WINDOW_BEFORE_MS &&
      next.issuedAt <= k.at + KILL_WINDOW_AFTER_MS,
  );
  if (kill)
    return { kind: "lost-answer", why: "the process holding the refresh was killed before it stored the answer" };
  return { kind: "lost", why: "Exact issued a later token and no injected fault explains why it was not stored" };
}

/**
 * Refreshes Exact would refuse as too early, counted in the ledger: two tokens of one chain
 * closer than `tooEarlyMs`, unless the chain's access token had been revoked (Exact then allows it).
 */
export function earlyRefreshesInLedger(chains: LedgerChain[], tooEarlyMs: number): number {
  let early = 0;
  for (const chain of chains) {
    for (let i = 1; i < chain.tokens.length; i++) {
      const gap = chain.tokens[i].issuedAt - chain.tokens[i - 1].issuedAt;
      if (gap < tooEarlyMs && !chain.tokens[i].afterRevocation) early += 1;
    }
  }
  return early;
}
