import "server-only";
import type SMTPTransport from "nodemailer/lib/smtp-transport";

type Options = SMTPTransport.Options & Record<string, unknown>;

/** Keys that would walk into Object.prototype instead of the options: refused, never followed. */
const NOT_OPTIONS = new Set(["__proto__", "constructor", "prototype"]);

/**
 * nodemailer's options for SMTP_URL (`smtp://user:pass@host:587`, `smtps://…` for TLS from
 * the start; query parameters such as `?requireTLS=true&tls.rejectUnauthorized=false` are
 * options too), read with the WHATWG URL parser rather than nodemailer's own (Node's
 * deprecated url.parse). Time-outs apply unless the query sets them. A certificate is always
 * checked: `tls.rejectUnauthorized=false` is refused unless the operator says so by name,
 * SMTP_TLS_UNVERIFIED=1.
 */
export function smtpTransportOptions(
  smtpUrl: string,
  env: Record<string, string | undefined> = process.env,
): SMTPTransport.Options {
  const url = new URL(smtpUrl);
  if (url.protocol !== "smtp:" && url.protocol !== "smtps:")
    throw new Error("SMTP_URL is not an smtp:// or smtps:// URL");
  const options: Options = {
    host: url.hostname.replace(/^\[(.*)\]$/, "$1"),
    secure: url.protocol === "smtps:",
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  };
  if (url.port) options.port = Number(url.port);
  if (url.username) {
    options.auth = { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) };
  }
  for (const [key, raw] of url.searchParams) {
    const value =
      raw === "true" ? true : raw === "false" ? false : raw !== "" && !Number.isNaN(Number(raw)) ? Number(raw) : raw;
    const path = key.split(".");
    if (path.some((part) => NOT_OPTIONS.has(part))) throw new Error(`SMTP_URL's "${key}" is not an option`);
    if (key === "tls.rejectUnauthorized" && value === false && env.SMTP_TLS_UNVERIFIED !== "1") {
      throw new Error(
        "SMTP_URL turns off the check of the mail server's certificate: set SMTP_TLS_UNVERIFIED=1 to mean it",
      );
    }
    let target: Record<string, unknown> = options;
    for (const part of path.slice(0, -1)) {
      target[part] = typeof target[part] === "object" && target[part] !== null ? target[part] : {};
      target = target[part] as Record<string, unknown>;
    }
    target[path[path.length - 1]] = value;
  }
  return options;
}
