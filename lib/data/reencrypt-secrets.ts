import "server-only";
import { eq, isNotNull, or, sql } from "drizzle-orm";
import type { AnyPgColumn, PgTable } from "drizzle-orm/pg-core";
import { getDb } from "@/db/client";
import { administrations, environments, oauthLogins } from "@/db/schema";
import { needsReencryption } from "@/lib/crypto/secret-box";
import {
  accessTokenColumn,
  proxyPasswordColumn,
  refreshTokenColumn,
  resealSecret,
  type SecretColumn,
  webhookSecretColumn,
} from "@/lib/crypto/secret-columns";

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
  count += await reencryptColumn(
    administrations,
    administrations.id,
    administrations.proxyPasswordEnc,
    proxyPasswordColumn,
  );
  count += await reencryptColumn(
    environments,
    environments.id,
    environments.notifyWebhookSecretEnc,
    webhookSecretColumn,
  );
  return count;
}

/** One secret column of a table, re-encrypted row by row under the row's lock. */
async function reencryptColumn(table: PgTable, id: AnyPgColumn, column: AnyPgColumn, secret: SecretColumn) {
  const db = getDb();
  const rows = await db.select({ id }).from(table).where(isNotNull(column));
  let count = 0;
  for (const { id: rowId } of rows as { id: string }[]) {
    await db.transaction(async (tx) => {
      const [row] = await tx.select({ value: column }).from(table).where(eq(id, rowId)).for("update");
      const value = row?.value as string | null | undefined;
      if (!value || !needsReencryption(value)) return;
      const sealed = resealSecret(secret, rowId, value);
      await tx.execute(sql`update ${table} set ${sql.identifier(column.name)} = ${sealed} where ${id} = ${rowId}`);
      count++;
    });
  }
  return count;
}
