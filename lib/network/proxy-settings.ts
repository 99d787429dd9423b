import "server-only";
import { AppError } from "@/lib/errors";

/** An administration's proxy, as stored on it (the password already decrypted). */
export type ProxySettings = {
  /** `host:port`, optionally prefixed `http://` or `https://` (no prefix = http). */
  server: string;
  username?: string | null;
  password?: string | null;
  /** Windows domain: the user name is then sent as `DOMAIN\user`. */
  domain?: string | null;
};

/**
 * The proxy's URL from the `server` setting. Credentials never go into the URL (they would
 * end up in logs and error messages); they travel as a Proxy-Authorization token instead.
 */
export function proxyUrl(proxy: ProxySettings): URL {
  const server = proxy.server.trim();
  const withScheme = /^https?:\/\//i.test(server) ? server : `http://${server}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new AppError("proxy_server_invalid");
  }
  // Only host:port: a path, query or user info here is a typing error, not a proxy.
  if (!url.port || url.username || url.password || url.pathname !== "/" || url.search || url.hash) {
    throw new AppError("proxy_server_invalid");
  }
  return new URL(url.origin);
}

/** The user name as the proxy sees it: `DOMAIN\user` when a domain is set. */
export function proxyUserName(proxy: ProxySettings): string | null {
  const user = proxy.username?.trim();
  if (!user) return null;
  const domain = proxy.domain?.trim();
  return domain ? `${domain}\\${user}` : user;
}

/**
 * `Basic base64(user:password)` for the Proxy-Authorization header, or null without a user.
 * Basic is the only scheme offered: NTLM and Negotiate need a handshake undici cannot do.
 */
export function proxyAuthorization(proxy: ProxySettings): string | null {
  const user = proxyUserName(proxy);
  if (!user) return null;
  return `Basic ${Buffer.from(`${user}:${proxy.password ?? ""}`, "utf8").toString("base64")}`;
}
