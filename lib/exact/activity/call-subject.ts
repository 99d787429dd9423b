/** On whose behalf a call to Exact was made, as its record says it. */
export type OnBehalf = "keepalive" | "test" | "page" | "consent" | "api";

/** What a portal call to Exact is for (the caller `portal`): a page by default. */
export type CallPurpose = "page" | "test" | "consent";

/** Who and what a call to Exact is for: the part of its record the door cannot see itself. */
export type CallSubject = {
  loginId: string;
  administrationId: string | null;
  onBehalf: OnBehalf;
  /** The API key's public prefix when another system made the call. */
  apiKeyPrefix: string | null;
  /** The call went through the administration's proxy (connection failures are the proxy's). */
  viaProxy: boolean;
};

export const CALL_KINDS = ["token", "rest"] as const;
export type CallKind = (typeof CALL_KINDS)[number];

/** One call to Exact as it is kept (table exact_calls): never a token, a secret or a query value. */
export type ExactCallRecord = {
  at: Date;
  loginId: string;
  administrationId: string | null;
  division: number | null;
  kind: CallKind;
  onBehalf: OnBehalf;
  apiKeyPrefix: string | null;
  method: string;
  path: string;
  status: number | null;
  durationMs: number;
  ok: boolean;
  error: string | null;
};
