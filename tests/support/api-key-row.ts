import { getDb } from "@/db/client";
import { apiKeys } from "@/db/schema";
import { generateApiKey } from "@/lib/crypto/generate-api-key";
import type { ApiKeyScope } from "@/lib/schemas/api-keys";

/**
 * An API key row written directly, as the key's page and CLI store one (the hash and the
 * prefix, never the key); the key itself is returned for the test to send. Read only unless
 * told, as a new key is.
 */
export async function insertApiKey(
  environmentId: string,
  name = "Facturatie",
  scope: ApiKeyScope = "read",
): Promise<{ id: string; key: string; prefix: string }> {
  const { key, prefix, keyHash } = generateApiKey();
  const [row] = await getDb()
    .insert(apiKeys)
    .values({ environmentId, name, prefix, keyHash, scope, createdByName: "tests" })
    .returning({ id: apiKeys.id });
  return { id: row.id, key, prefix };
}
