/**
 * What one caller of tests/support/token-callers.mts got: a token (as its hash, with its version
 * and whether this call's own refresh brought it) or an error code.
 */
export type CallerOutcome = {
  loginId: string;
  sha256?: string;
  version?: number;
  refreshed?: boolean;
  code?: string;
  at: number;
};

/** The one line a token-callers process prints when its callers are done. */
export type CallersReport = { pid: number; startedAt: number; outcomes: CallerOutcome[] };
