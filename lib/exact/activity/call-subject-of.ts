import type { CallPurpose, CallSubject, OnBehalf } from "./call-subject";

/** A call target's subject for its record: the keep-alive, an API key, or the portal's purpose. */
export function callSubject(
  target: {
    loginId: string;
    caller?: "portal" | "keepalive" | "api";
    purpose?: CallPurpose;
    administrationId?: string;
    apiKeyPrefix?: string;
  },
  viaProxy: boolean,
): CallSubject {
  const onBehalf: OnBehalf =
    target.caller === "keepalive" ? "keepalive" : target.caller === "api" ? "api" : (target.purpose ?? "page");
  return {
    loginId: target.loginId,
    administrationId: target.administrationId ?? null,
    onBehalf,
    apiKeyPrefix: target.caller === "api" ? (target.apiKeyPrefix ?? null) : null,
    viaProxy,
  };
}
