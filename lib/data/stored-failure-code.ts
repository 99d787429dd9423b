import "server-only";

// Failures on the way through an administration's proxy, told apart in words for the admin
// who is testing it. Kept on the administration (Verbinding testen's last result, the
// overview's row health) they would be readable by every viewer, and telling "refused" from
// "no such host" from "timed out" from "407" is what makes a port scanner: what is kept is
// only that the connection through the proxy failed.
const ON_THE_WAY = new Set([
  "proxy_unreachable",
  "host_not_found",
  "exact_unreachable",
  "exact_timeout",
  "tls_failed",
  "proxy_auth_failed",
  "proxy_ntlm_unsupported",
  "proxy_refused_tunnel",
]);

/** The error code kept for a failed call over an administration's route. */
export function storedFailureCode(code: string, viaProxy: boolean): string {
  return viaProxy && ON_THE_WAY.has(code) ? "proxy_failed" : code;
}

/**
 * A failure as a team lead reads it where the route is not known (the Activiteit summary): how
 * the way to Exact failed stays with the admins, as on the administration itself.
 */
export function failureCodeForViewer(code: string | null): string | null {
  return code && ON_THE_WAY.has(code) ? "exact_unreachable" : code;
}
