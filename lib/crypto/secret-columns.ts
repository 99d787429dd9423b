import "server-only";
import { decryptSecret, encryptSecret } from "./secret-box";

// Every column that holds a secret, and the one pair of functions that seals and opens it.
// The context string binds a ciphertext to its column and row (additional authenticated
// data): a value copied into another row or column does not decrypt. The strings live here
// and nowhere else; changing one makes every stored value of that column unreadable.

export type SecretColumn = {
  /** Encrypts `plaintext` for row `rowId` of this column. */
  seal(rowId: string, plaintext: string): string;
  /** Decrypts this column's `stored` value of row `rowId`; throws SecretDecryptError. */
  open(rowId: string, stored: string): string;
};

function secretColumn(table: string, column: string): SecretColumn {
  const context = (rowId: string) => `${table}.${column}:${rowId}`;
  return {
    seal: (rowId, plaintext) => encryptSecret(plaintext, context(rowId)),
    open: (rowId, stored) => decryptSecret(stored, context(rowId)),
  };
}

export const accessTokenColumn = secretColumn("oauth_logins", "access_token");
export const refreshTokenColumn = secretColumn("oauth_logins", "refresh_token");
export const proxyPasswordColumn = secretColumn("administrations", "proxy_password");
export const webhookSecretColumn = secretColumn("environments", "notify_webhook_secret");

/** Re-seals `stored` under the current (first) key. */
export function resealSecret(column: SecretColumn, rowId: string, stored: string): string {
  return column.seal(rowId, column.open(rowId, stored));
}
