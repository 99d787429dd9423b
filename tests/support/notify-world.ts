import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { administrations, divisions, environments, oauthLogins } from "@/db/schema";
import { now } from "@/lib/clock";
import { accessTokenColumn, proxyPasswordColumn, refreshTokenColumn } from "@/lib/crypto/secret-columns";
import { type EnvironmentSettingsInput, environmentSettingsSchema } from "@/lib/schemas/administrations";

export const ACCESS_TOKEN = "access-token-plaintext-9f3a";
export const REFRESH_TOKEN = "refresh-token-plaintext-7c1e";
export const PROXY_PASSWORD = "proxy-password-plaintext-55";

/**
 * A login with tokens, used by administration ONLINE (divisions 1 - Qics BV, mapped to Exact
 * division 12345, and 2 - Qics Holding, behind a proxy with a password); OTHER (division 3)
 * uses no login. Returns the login's id and every secret and ciphertext that must never
 * appear in a notification.
 */
export async function seedLoginWithAdministrations(
  environmentId: string,
  login: Partial<typeof oauthLogins.$inferInsert> = {},
): Promise<{ loginId: string; secrets: string[] }> {
  const db = getDb();
  const [row] = await db
    .insert(oauthLogins)
    .values({
      environmentId,
      description: "Exact NL",
      site: "NL",
      status: "needs_reauth",
      lastError: "refresh_token_expired",
      exactUserName: "marieke.qics",
      loginExpiresAt: new Date(now().getTime() + 20 * 24 * 3600_000),
      ...login,
    })
    .returning({ id: oauthLogins.id });
  const accessTokenEnc = accessTokenColumn.seal(row.id, ACCESS_TOKEN);
  const refreshTokenEnc = refreshTokenColumn.seal(row.id, REFRESH_TOKEN);
  await db.update(oauthLogins).set({ accessTokenEnc, refreshTokenEnc }).where(eq(oauthLogins.id, row.id));
  const [online, other] = await db
    .insert(administrations)
    .values([
      { environmentId, description: "ONLINE", oauthLoginId: row.id, proxyServer: "proxy:3128", proxyUsername: "jan" },
      { environmentId, description: "OTHER" },
    ])
    .returning({ id: administrations.id });
  const proxyPasswordEnc = proxyPasswordColumn.seal(online.id, PROXY_PASSWORD);
  await db.update(administrations).set({ proxyPasswordEnc }).where(eq(administrations.id, online.id));
  await db.insert(divisions).values([
    { environmentId, code: "1", name: "Qics BV", administrationId: online.id, exactDivisionCode: 12345 },
    { environmentId, code: "2", name: "Qics Holding", administrationId: online.id },
    { environmentId, code: "3", name: "Elders BV", administrationId: other.id },
  ]);
  const [env] = await db.select().from(environments).where(eq(environments.id, environmentId));
  return {
    loginId: row.id,
    secrets: [
      ACCESS_TOKEN,
      REFRESH_TOKEN,
      PROXY_PASSWORD,
      accessTokenEnc,
      refreshTokenEnc,
      proxyPasswordEnc,
      process.env.ENCRYPTION_KEY as string,
      ...(env.notifyWebhookSecretEnc ? [env.notifyWebhookSecretEnc] : []),
    ],
  };
}

/** Sets process.env for a test and puts back what was there after it. */
export function withEnv(values: Record<string, string | undefined>): () => void {
  const saved = Object.fromEntries(Object.keys(values).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  return () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}

/** Tab Algemeen's values as the form sends them, parsed by the action's schema. */
export function settingsValues(over: Partial<EnvironmentSettingsInput> = {}) {
  return environmentSettingsSchema.parse({
    expiryWarningDays: 7,
    notifyEmailTo: "",
    notifyWebhookUrl: "",
    notifyWebhookSecretAction: "keep",
    notifyWebhookSecret: "",
    ...over,
  });
}
