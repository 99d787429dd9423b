import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, expect, test } from "vitest";
import { getDb } from "@/db/client";
import { administrations, environments, oauthLogins } from "@/db/schema";
import { parseKeyring } from "@/lib/crypto/keyring";
import {
  accessTokenColumn,
  proxyPasswordColumn,
  refreshTokenColumn,
  webhookSecretColumn,
} from "@/lib/crypto/secret-columns";
import { listEnvironments } from "@/lib/data/environments";
import { reencryptSecrets } from "@/lib/data/reencrypt-secrets";
import { resetDatabase } from "../support/reset-database";

const oldKey = randomBytes(32).toString("base64");
const newKey = randomBytes(32).toString("base64");
let saved: string | undefined;
beforeEach(async () => {
  saved = process.env.ENCRYPTION_KEY;
  await resetDatabase();
});
afterEach(() => {
  process.env.ENCRYPTION_KEY = saved;
});

test("keys:rotate re-encrypts every secret with the new first key, and only those that need it", async () => {
  process.env.ENCRYPTION_KEY = oldKey;
  const environmentId = (await listEnvironments())[0].id;
  const [login] = await getDb()
    .insert(oauthLogins)
    .values({ environmentId, description: "L", site: "NL" })
    .returning({ id: oauthLogins.id });
  await getDb()
    .update(oauthLogins)
    .set({
      accessTokenEnc: accessTokenColumn.seal(login.id, "access-1"),
      refreshTokenEnc: refreshTokenColumn.seal(login.id, "refresh-1"),
    })
    .where(eq(oauthLogins.id, login.id));
  const [admin] = await getDb()
    .insert(administrations)
    .values({ environmentId, description: "ONLINE" })
    .returning({ id: administrations.id });
  await getDb()
    .update(administrations)
    .set({ proxyPasswordEnc: proxyPasswordColumn.seal(admin.id, "proxy-pw") })
    .where(eq(administrations.id, admin.id));
  await getDb()
    .update(environments)
    .set({ notifyWebhookSecretEnc: webhookSecretColumn.seal(environmentId, "webhook-secret") })
    .where(eq(environments.id, environmentId));

  process.env.ENCRYPTION_KEY = `${newKey},${oldKey}`;
  expect(await reencryptSecrets()).toBe(4);
  expect(await reencryptSecrets()).toBe(0);

  // Only the new key is needed now.
  process.env.ENCRYPTION_KEY = newKey;
  const newId = parseKeyring(newKey)[0].id;
  const [row] = await getDb().select().from(oauthLogins).where(eq(oauthLogins.id, login.id));
  expect(row.accessTokenEnc?.split(":")[1]).toBe(newId);
  expect(accessTokenColumn.open(login.id, row.accessTokenEnc as string)).toBe("access-1");
  expect(refreshTokenColumn.open(login.id, row.refreshTokenEnc as string)).toBe("refresh-1");
  const [a] = await getDb().select().from(administrations).where(eq(administrations.id, admin.id));
  expect(proxyPasswordColumn.open(admin.id, a.proxyPasswordEnc as string)).toBe("proxy-pw");
  const [e] = await getDb().select().from(environments).where(eq(environments.id, environmentId));
  expect(e.notifyWebhookSecretEnc?.split(":")[1]).toBe(newId);
  expect(webhookSecretColumn.open(environmentId, e.notifyWebhookSecretEnc as string)).toBe("webhook-secret");
});
