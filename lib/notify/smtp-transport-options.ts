import "server-only";
import type SMTPTransport from "nodemailer/lib/smtp-transport";

type Options = SMTPTransport.Options & Record<string, unknown>;

/**
 * nodemailer's options for SMTP_URL (`smtp://user:pass@host:587`, `smtps://…` for TLS from
 * the start; query parameters such as `?requireTLS=true&tls.rejectUnauthorized=false` are
 * options too), read with the WHATWG URL parser rather than nodemailer's own (Node's
 * deprecated url.parse). Time-outs apply unless the query sets them.
 */
export function smtpTransportOptions(smtpUrl: string): SMTPTransport.Options {
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
    let target: Record<string, unknown> = options;
    for (const part of path.slice(0, -1)) {
      target[part] = typeof target[part] === "object" && target[part] !== null ? target[part] : {};
      target = target[part] as Record<string, unknown>;
    }
    target[path[path.length - 1]] = value;
  }
  return options;
}
