import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { administrations } from "@/db/schema";
import { proxyPasswordColumn } from "@/lib/crypto/secret-columns";
import { AppError } from "@/lib/errors";
import type { ProxySettings } from "@/lib/network/proxy-settings";

// An administration's own proxy, as its columns keep it (the password sealed).

/** The administration's login and proxy (password decrypted), for exactGetAll. */
export async function proxyOfAdministration(
  administrationId: string,
): Promise<{ loginId: string | null; proxy: ProxySettings | null }> {
  const [row] = await getDb()
    .select({ loginId: administrations.oauthLoginId, ...proxyColumns })
    .from(administrations)
    .where(eq(administrations.id, administrationId));
  if (!row) throw new AppError("administration_not_found");
  return { loginId: row.loginId, proxy: proxyFromColumns(administrationId, row) };
}

/** The columns an administration keeps its proxy in. */
export type ProxyColumns = {
  server: string | null;
  username: string | null;
  passwordEnc: string | null;
  domain: string | null;
};

/** The proxy those columns describe (the password decrypted), or null when none is set. */
export function proxyFromColumns(administrationId: string, row: ProxyColumns): ProxySettings | null {
  const server = row.server?.trim();
  if (!server) return null;
  return {
    server,
    username: row.username,
    password: row.passwordEnc ? proxyPasswordColumn.open(administrationId, row.passwordEnc) : null,
    domain: row.domain,
  };
}

/** Selects the proxy columns of `administrations`, for proxyFromColumns. */
export const proxyColumns = {
  server: administrations.proxyServer,
  username: administrations.proxyUsername,
  passwordEnc: administrations.proxyPasswordEnc,
  domain: administrations.proxyDomain,
};
