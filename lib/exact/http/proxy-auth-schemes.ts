import "server-only";

// What a proxy's 407 asks for. Proxy-Authenticate may come as several headers or as one
// comma-joined list ("NTLM, Negotiate", `Basic realm="x", NTLM`), with auth-params (which may
// contain commas) after each scheme: a scheme is a token at the start or after a comma that
// is not followed by "=".
const SCHEME = /(?:^|,)\s*([A-Za-z0-9!#$%&'*+.^_`|~-]+)(?=\s|,|$)(?!\s*=)/g;

/** The auth schemes offered, lower-case, in order, without duplicates. */
export function proxyAuthSchemes(challenges: readonly string[]): string[] {
  const schemes = challenges.flatMap((c) => [...c.matchAll(SCHEME)].map((m) => m[1].toLowerCase()));
  return [...new Set(schemes)];
}

// Windows-integrated schemes need a connection-bound handshake that undici's ProxyAgent
// (one Proxy-Authorization header per CONNECT) cannot do.
const WINDOWS_SCHEMES = new Set(["ntlm", "negotiate", "kerberos"]);

/** True when the proxy offers only NTLM/Negotiate: a Basic user name and password can never pass. */
export function offersOnlyWindowsAuth(challenges: readonly string[]): boolean {
  const schemes = proxyAuthSchemes(challenges);
  return schemes.length > 0 && schemes.every((s) => WINDOWS_SCHEMES.has(s));
}
