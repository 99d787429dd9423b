import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { administrations } from "@/db/schema";
import { proxyPasswordColumn } from "@/lib/crypto/secret-columns";

/**
 * An administrations row written directly (the data layer for them is not what these tests
 * are about), with the proxy password encrypted the way the portal stores it.
 */
export async function insertAdministration(input: {
  environmentId: string;
  description?: string;
  oauthLoginId: string | null;
  proxy?: { server: string; username?: string; password?: string; domain?: string } | null;
}): Promise<string> {
  const [row] = await getDb()
    .insert(administrations)
    .values({
      environmentId: input.environmentId,
      description: input.description ?? "ONLINE",
      oauthLoginId: input.oauthLoginId,
      proxyServer: input.proxy?.server ?? null,
      proxyUsername: input.proxy?.username ?? null,
      proxyDomain: input.proxy?.domain ?? null,
    })
    .returning({ id: administrations.id });
  if (input.proxy?.password) {
    await getDb()
      .update(administrations)
      .set({ proxyPasswordEnc: proxyPasswordColumn.seal(row.id, input.proxy.password) })
      .where(eq(administrations.id, row.id));
  }
  return row.id;
}

export async function administrationRow(id: string) {
  const [row] = await getDb().select().from(administrations).where(eq(administrations.id, id));
  return row;
}
