/** What one caller of tests/support/token-callers.mts got: a token (as its hash) or an error code. */
export type CallerOutcome = { loginId: string; sha256?: string; code?: string; at: number };

/** The one line a token-callers process prints when its callers are done. */
export type CallersReport = { pid: number; startedAt: number; outcomes: CallerOutcome[] };
