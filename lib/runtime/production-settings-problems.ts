import { SITE_CODES } from "@/lib/exact-sites";
import { isLoopbackHost } from "@/lib/network/is-loopback-host";

export { isLoopbackHost };

// With DATABASE_URL set the portal runs as production, where a default that is harmless on a
// laptop (a simulated Exact, plain-http addresses, a localhost callback) would be a fault. Each
// problem is one sentence naming the variable; `npm start` prints them all and stops.

/** Why `value` of `name` is not an https address (or a loopback one), or null when it is fine. */
function httpsProblem(name: string, value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${name} is not a URL: give an https:// address.`;
  }
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:" && isLoopbackHost(url.hostname)) return null;
  return `${name} must be an https:// address (plain http only on a loopback address such as 127.0.0.1), and ${url.origin} is not.`;
}

export function productionSettingsProblems(env: Record<string, string | undefined>): string[] {
  if (!env.DATABASE_URL) return [];
  const problems: string[] = [];
  const suffixes = ["", ...SITE_CODES.map((s) => `_${s}`)];
  const appConfigured = suffixes.some((suffix) => env[`EXACT_CLIENT_ID${suffix}`]);
  if (!appConfigured && env.EXACT_SIMULATOR !== "1") {
    problems.push(
      "DATABASE_URL is set, so Koppeling runs as production and will not simulate Exact Online: set EXACT_CLIENT_ID and EXACT_CLIENT_SECRET to your Exact app's (or EXACT_SIMULATOR=1 to run the simulator on purpose).",
    );
  }
  for (const site of SITE_CODES) {
    const name = `EXACT_SITE_URL_${site}`;
    const value = env[name];
    const problem = value ? httpsProblem(name, value) : null;
    if (problem) problems.push(problem);
  }
  if (!env.EXACT_REDIRECT_URI) {
    problems.push(
      "EXACT_REDIRECT_URI must be set in production: the callback address registered with your Exact app, such as https://koppeling.example.nl/api/exact/callback.",
    );
  } else {
    const problem = httpsProblem("EXACT_REDIRECT_URI", env.EXACT_REDIRECT_URI);
    if (problem) problems.push(problem);
  }
  if (!env.AUTH_URL) {
    problems.push(
      "AUTH_URL must be set in production: the portal's public address, such as https://koppeling.example.nl (its cookies are Secure because of it, not because of a forwarded header).",
    );
  } else {
    const problem = httpsProblem("AUTH_URL", env.AUTH_URL);
    if (problem) problems.push(problem);
  }
  const actionsKeyProblem = serverActionsKeyProblem(env.NEXT_SERVER_ACTIONS_ENCRYPTION_KEY);
  if (actionsKeyProblem) problems.push(actionsKeyProblem);
  if (env.SMTP_URL) {
    const problem = smtpTlsProblem(env.SMTP_URL);
    if (problem) problems.push(problem);
  }
  return problems;
}

/**
 * Mail to a relay off this machine travels encrypted: smtps:// (TLS from the start) or
 * smtp:// with ?requireTLS=true (STARTTLS, or no mail at all). A relay on loopback aside.
 */
function smtpTlsProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "SMTP_URL is not a URL: give smtps://user:password@host:465 or smtp://…:587?requireTLS=true.";
  }
  if (url.protocol === "smtps:" || isLoopbackHost(url.hostname)) return null;
  if (url.protocol === "smtp:" && url.searchParams.get("requireTLS") === "true") return null;
  return `SMTP_URL must encrypt the mail on its way to ${url.hostname}: use smtps:// or add ?requireTLS=true (plain SMTP only to a relay on a loopback address).`;
}

/**
 * Next names and encrypts server actions with this key; each build would otherwise make its own,
 * and an instance built apart would not know the actions of a page another instance served.
 */
function serverActionsKeyProblem(value: string | undefined): string | null {
  const generate = "generate one with openssl rand -base64 32";
  if (!value) {
    return `NEXT_SERVER_ACTIONS_ENCRYPTION_KEY must be set in production, the same on every instance, so a form served by one instance can be sent to another: ${generate}.`;
  }
  const bytes = /^[A-Za-z0-9+/]+={0,2}$/.test(value) ? Buffer.from(value, "base64").length : 0;
  if (![16, 24, 32].includes(bytes)) {
    return `NEXT_SERVER_ACTIONS_ENCRYPTION_KEY must be base64 of 16, 24 or 32 bytes: ${generate}.`;
  }
  return null;
}
