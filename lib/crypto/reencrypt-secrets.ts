import "server-only";
import { eq, isNotNull, or } from "drizzle-orm";
import { getDb } from "@/db/client";
import { administrations, environments, oauthLogins } from "@/db/schema";
import { needsReencryption } from "./secret-box";
import {
  accessTokenColumn,
  proxyPasswordColumn,
  refreshTokenColumn,
  resealSecret,
  webhookSecretColumn,
} from "./secret-columns";

/**
 * Re-encrypts every stored secret that is not under the current (first) ENCRYPTION_KEY, one
 * row at a time under the row's lock, so a token refresh running at the same moment is
 * neither lost nor overwritten. Returns how many values were re-encrypted.
 */
export async function reencryptSecrets(): Promise<number> {
  const db = getDb();
  let count = 0;
  const logins = await db
    .select({ id: oauthLogins.id })
    .from(oauthLogins)
    .where(or(isNotNull(oauthLogins.accessTokenEnc), isNotNull(oauthLogins.refreshTokenEnc)));
  for (const { id } of logins) {
    await db.transaction(async (tx) => {
      const [row] = await tx.select().from(oauthLogins).where(eq(oauthLogins.id, id)).for("update");
      const set: { accessTokenEnc?: string; refreshTokenEnc?: string } = {};
      for (const [column, secret] of [
        ["accessTokenEnc", accessTokenColumn],
        ["refreshTokenEnc", refreshTokenColumn],
      ] as const) {
        const value = row?.[column];
        if (value && needsReencryption(value)) {
          set[column] = resealSecret(secret, id, value);
          count++;
        }
      }
      if (Object.keys(set).length) await tx.update(oauthLogins).set(set).where(eq(oauthLogins.id, id));
    });
  }
  const admins = await db
    .select({ id: administrations.id })
    .from(administrations)
    .where(isNotNull(administrations.proxyPasswordEnc));
  for (const { id } of admins) {
    await db.transaction(async (tx) => {
      const [row] = await tx.select().from(administrations).where(eq(administrations.id, id)).for("update");
      const value = row?.proxyPasswordEnc;
      if (!value || !needsReencryption(value)) return;
      await tx
        .update(administrations)
        .set({ proxyPasswordEnc: resealSecret(proxyPasswordColumn, id, value) })
        .where(eq(administrations.id, id));
      count++;
    });
  }
  const envs = await db
    .select({ id: environments.id })
    .from(environments)
    .where(isNotNull(environments.notifyWebhookSecretEnc));
  for (const { id } of envs) {
    await db.transaction(async (tx) => {
      const [row] = await tx.select().from(environments).where(eq(environments.id, id)).for("update");
      const value = row?.notifyWebhookSecretEnc;
      if (!value || !needsReencryption(value)) return;
      await tx
        .update(environments)
        .set({ notifyWebhookSecretEnc: resealSecret(webhookSecretColumn, id, value) })
        .where(eq(environments.id, id));
      count++;
    });
  }
  return count;
}
