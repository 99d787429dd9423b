import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { administrations } from "@/db/schema";
import { proxyPasswordColumn } from "@/lib/crypto/secret-columns";
import { AppError } from "@/lib/errors";
import type { ExactTarget } from "./api/exact-get-all";
import type { ProxySettings } from "./http/proxy-settings";

// An administration reaches Exact through its OAuth login and, when set, its own proxy:
// every call made for it (and the token refresh such a call may trigger) takes that route.

/** The administration's login and proxy (password decrypted), for exactGetAll. */
export async function proxyOfAdministration(
  administrationId: string,
): Promise<{ loginId: string | null; proxy: ProxySettings | null }> {
  const [row] = await getDb()
    .select({
      loginId: administrations.oauthLoginId,
      server: administrations.proxyServer,
      username: administrations.proxyUsername,
      passwordEnc: administrations.proxyPasswordEnc,
      domain: administrations.proxyDomain,
    })
    .from(administrations)
    .where(eq(administrations.id, administrationId));
  if (!row) throw new AppError("administration_not_found");
  const server = row.server?.trim();
  if (!server) return { loginId: row.loginId, proxy: null };
  return {
    loginId: row.loginId,
    proxy: {
      server,
      username: row.username,
      password: row.passwordEnc ? proxyPasswordColumn.open(administrationId, row.passwordEnc) : null,
      domain: row.domain,
    },
  };
}

/** The administration's route to Exact for a call a person is waiting for. */
export async function administrationTarget(administrationId: string): Promise<ExactTarget> {
  const { loginId, proxy } = await proxyOfAdministration(administrationId);
  if (!loginId) throw new AppError("administration_has_no_login");
  return { loginId, proxy, interactive: true, administrationId };
}
