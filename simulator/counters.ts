import type { Counters, TokenGrantKey } from "./state/sim-state";

/** What GET /_control/counters reports: every token call by grant type and outcome. */
export function countTokenCall(counters: Counters, grantType: string | null, outcome: string): void {
  const key: TokenGrantKey = grantType === "authorization_code" || grantType === "refresh_token" ? grantType : "other";
  const bucket = counters.token[key];
  bucket[outcome] = (bucket[outcome] ?? 0) + 1;
}

export function countApiCall(counters: Counters, endpoint: string): void {
  counters.api[endpoint] = (counters.api[endpoint] ?? 0) + 1;
}
