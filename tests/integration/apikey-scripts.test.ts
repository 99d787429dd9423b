import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, test } from "vitest";
import { getDb } from "@/db/client";
import { apiKeys, auditEvents } from "@/db/schema";
import { SYSTEM_ACTOR } from "@/lib/audit/actor";
import { hashApiKey } from "@/lib/crypto/generate-api-key";
import { createApiKey } from "@/lib/data/api-keys";
import { listEnvironments } from "@/lib/data/environments";
import { isoDayInAmsterdam, nextIsoDay, startOfDayInAmsterdam } from "@/lib/i18n/format-date";
import { authenticateApiKey } from "@/lib/public-api/authenticate-api-key";
import { defaultKeyExpiryDay } from "@/lib/schemas/api-keys";
import { resetDatabase } from "../support/reset-database";
import { runScript } from "../support/run-script";

beforeEach(resetDatabase);

const env = () => ({ DATABASE_URL: process.env.DATABASE_URL });
const create = (args: string[]) => runScript("scripts/apikey-create.mts", args, env());
const revoke = (args: string[]) => runScript("scripts/apikey-revoke.mts", args, env());
const auth = (key: string) =>
  authenticateApiKey(new Request("http://x/api/v1/divisions", { headers: { authorization: `Bearer ${key}` } }));

describe("scripts/apikey-create.mts", () => {
  test("prints the key on a line of its own; the key works for that environment only; audited as cli", async () => {
    const expires = nextIsoDay(nextIsoDay(isoDayInAmsterdam(new Date())));
    const r = await create(["--environment", "test", "--name", "Facturatie acceptatie", "--expires", expires]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const key = r.stdout.match(/^API key: (\S+)$/m)?.[1] as string;
    expect(key).toMatch(/^kop_[0-9a-f]{10}_[A-Za-z0-9_-]{32}$/);
    expect(r.stdout).toContain("for environment Test");

    const [, testEnv] = await listEnvironments();
    const [row] = await getDb().select().from(apiKeys);
    expect(row).toMatchObject({
      environmentId: testEnv.id,
      name: "Facturatie acceptatie",
      keyHash: hashApiKey(key),
      createdByUserId: null,
      createdByName: "cli",
      scope: "read",
      expiresAt: startOfDayInAmsterdam(expires),
    });
    expect(await auth(key)).toMatchObject({ environmentId: testEnv.id, keyId: row.id, scope: "read" });

    const events = await getDb().select().from(auditEvents);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "api_key.created",
      actorEmail: "cli",
      actorUserId: null,
      entityId: row.id,
    });
    expect(JSON.stringify(events)).not.toContain(key);
    expect(JSON.stringify(events)).not.toContain(row.keyHash);
  }, 60_000);

  test("--scope read-write; without --expires the key expires a year from today; an expired key is refused", async () => {
    const r = await create(["--environment", "Productie", "--name", "Facturatie", "--scope", "read-write"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const day = defaultKeyExpiryDay();
    expect(r.stdout).toContain(`(prefix `);
    expect(r.stdout).toContain(`read-write) for environment Productie; it is refused from ${day} on.`);
    const [row] = await getDb().select().from(apiKeys);
    expect(row).toMatchObject({ scope: "read-write", expiresAt: startOfDayInAmsterdam(day), createdByUserId: null });
    const key = r.stdout.match(/^API key: (\S+)$/m)?.[1] as string;
    expect(await auth(key)).toMatchObject({ scope: "read-write" });
    const refused = (await authenticateApiKey(
      new Request("http://x/api/v1/divisions", { headers: { authorization: `Bearer ${key}` } }),
      startOfDayInAmsterdam(day),
    )) as Response;
    expect(refused.status).toBe(401);
    expect((await refused.json()).error.code).toBe("api_key_expired");
  }, 60_000);

  test("--expires never: a key without an expiry, said so", async () => {
    const r = await create(["--environment", "Productie", "--name", "Voor altijd", "--expires", "never"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("it never expires.");
    const [row] = await getDb().select().from(apiKeys);
    expect(row).toMatchObject({ scope: "read", expiresAt: null });
  }, 60_000);

  test("--help: the usage and what each option means, nothing created", async () => {
    const r = await create(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Usage: npm run apikey:create");
    expect(r.stdout).toContain("--scope        read (default)");
    expect(r.stdout).toContain(`default a year from today\n                 (${defaultKeyExpiryDay()})`);
    expect(await getDb().select().from(apiKeys)).toEqual([]);
  }, 60_000);

  test("an unknown environment: exit 1, names the ones there are, creates nothing", async () => {
    const r = await create(["--environment", "Acceptatie", "--name", "Facturatie"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('there is no environment "Acceptatie" (there are: Productie, Test)');
    expect(r.stdout).not.toContain("API key:");
    expect(await getDb().select().from(apiKeys)).toEqual([]);
    expect(await getDb().select().from(auditEvents)).toEqual([]);
  }, 60_000);

  test.each([
    ["no name", ["--environment", "Productie"], "--name: required"],
    ["no environment", ["--name", "X"], "--environment: required"],
    [
      "a past expiry",
      ["--environment", "Productie", "--name", "X", "--expires", "2020-01-31"],
      "--expires: date_not_future",
    ],
    [
      // Typed as the portal writes dates or as yyyy-mm-dd, but no such day.
      "a bad expiry",
      ["--environment", "Productie", "--name", "X", "--expires", "31-2-2030"],
      "--expires: invalid_date",
    ],
    ["an unknown option", ["--environment", "Productie", "--name", "X", "--role", "admin"], "Unknown option '--role'"],
    [
      "an unknown scope",
      ["--environment", "Productie", "--name", "X", "--scope", "write"],
      '--scope: "write" is not a scope; use read or read-write.',
    ],
  ])(
    "%s: exit 2 with the reason and usage, nothing created",
    async (_name, args, reason) => {
      const r = await create(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(reason);
      expect(r.stderr).toContain("Usage: npm run apikey:create");
      expect(await getDb().select().from(apiKeys)).toEqual([]);
    },
    60_000,
  );
});

describe("scripts/apikey-revoke.mts", () => {
  test("revokes the key by its prefix: it gets 401 from then on; audited as cli", async () => {
    const [productie] = await listEnvironments();
    const { key, prefix, id } = await createApiKey(SYSTEM_ACTOR, productie.id, { name: "Facturatie", expiresAt: null });
    const r = await revoke([prefix]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Revoked API key "Facturatie" (prefix ${prefix}) of environment Productie.`);
    const [row] = await getDb().select().from(apiKeys).where(eq(apiKeys.id, id));
    expect(row.revokedAt).toBeInstanceOf(Date);
    expect(((await auth(key)) as Response).status).toBe(401);
    const [event] = await getDb().select().from(auditEvents).where(eq(auditEvents.action, "api_key.revoked"));
    expect(event).toMatchObject({ actorEmail: "cli", entityId: id, detail: { name: "Facturatie", prefix } });
  }, 60_000);

  test("an unknown prefix: exit 1 in words", async () => {
    const r = await revoke(["0123456789"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Not revoked: there is no API key with prefix 0123456789.");
  }, 60_000);

  test("a key revoked before: exit 1, says so, its revocation unchanged", async () => {
    const [productie] = await listEnvironments();
    const { prefix } = await createApiKey(SYSTEM_ACTOR, productie.id, { name: "Oud", expiresAt: null });
    expect((await revoke([prefix])).code).toBe(0);
    const [before] = await getDb().select().from(apiKeys);
    const r = await revoke([`kop_${prefix}`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Not revoked: API key "Oud" (prefix ${prefix}) was already revoked.`);
    const [after] = await getDb().select().from(apiKeys);
    expect(after.revokedAt).toEqual(before.revokedAt);
  }, 60_000);

  test.each([
    ["no prefix", []],
    ["not a prefix", ["facturatie"]],
  ])(
    "%s: exit 2 with the usage",
    async (_name, args) => {
      const r = await revoke(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("Usage: npm run apikey:revoke -- <prefix>");
    },
    60_000,
  );
});
