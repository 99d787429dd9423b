import type { SimContext } from "../sim-context";

/** One refresh token Exact issued, as the ledger shows it: by its SHA-256 (base64url), never in the clear. */
export interface LedgerToken {
  sha256: string;
  issuedAt: number;
  /** When it was used for a refresh (single use), or null while it is the chain's live one. */
  usedAt: number | null;
  /** Issued by a refresh allowed before the 570 s because the chain's access token was revoked. */
  afterRevocation: boolean;
  /** Issued, and the answer that carried it was destroyed by the dropAfterTokens fault. */
  answerDropped: boolean;
  /** How long the answer that carried it was held back after Exact issued it (latency, delayAfterTokensMs). */
  answerHeldMs: number;
}

/** One consent's chain: every refresh token issued to it, in the order Exact issued them. */
export interface LedgerChain {
  grantId: string;
  site: string;
  clientId: string;
  userName: string;
  createdAt: number;
  retiredAt: number | null;
  tokens: LedgerToken[];
}

/**
 * The ledger of every refresh token the simulator issued, per chain (GET /_control/ledger): what
 * a soak compares the portal's stored tokens against. Built from the state's token records,
 * which are kept until they would have expired anyway (prune-state.ts).
 */
export function tokenLedger(ctx: SimContext): LedgerChain[] {
  const state = ctx.store.state;
  const chains = new Map<string, LedgerChain>();
  for (const [grantId, grant] of Object.entries(state.grants)) {
    chains.set(grantId, {
      grantId,
      site: grant.site,
      clientId: grant.clientId,
      userName: grant.userName,
      createdAt: grant.createdAt,
      retiredAt: grant.retiredAt ?? null,
      tokens: [],
    });
  }
  for (const [sha256, token] of Object.entries(state.refreshTokens)) {
    chains.get(token.grantId)?.tokens.push({
      sha256,
      issuedAt: token.issuedAt,
      usedAt: token.rotatedAt,
      afterRevocation: token.afterRevocation ?? false,
      answerDropped: token.answerDropped ?? false,
      answerHeldMs: token.answerHeldMs ?? 0,
    });
  }
  // A chain's tokens are issued one after the other (each refresh uses the one before).
  for (const chain of chains.values())
    chain.tokens.sort((a, b) => a.issuedAt - b.issuedAt || (a.usedAt === null ? 1 : 0) - (b.usedAt === null ? 1 : 0));
  return [...chains.values()].sort((a, b) => a.createdAt - b.createdAt);
}
