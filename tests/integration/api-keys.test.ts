import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { beforeEach, describe, expect, test } from "vitest";
import { getDb } from "@/db/client";
import { apiKeys, auditEvents } from "@/db/schema";
import { SYSTEM_ACTOR } from "@/lib/audit/actor";
import { generateApiKey, hashApiKey } from "@/lib/crypto/generate-api-key";
import { createApiKey, listApiKeys, revokeApiKey, revokeApiKeyByPrefix } from "@/lib/data/api-keys";
import { listEnvironments } from "@/lib/data/environments";
import { setUserDisabled, setUserRole } from "@/lib/data/users";
import { apiRoute } from "@/lib/public-api/api-route";
import { authenticateApiKey } from "@/lib/public-api/authenticate-api-key";
import { MIGRATIONS_FOLDER } from "@/lib/runtime/migrate-database";
import { resetDatabase } from "../support/reset-database";
import { createScratchDatabase } from "../support/scratch-database";
import { actorOf, makeUser } from "../support/users";

beforeEach(resetDatabase);

const bearer = (key: string) =>
  new Request("http://portal.test/api/v1/x", { headers: { authorization: `Bearer ${key}` } });

async function adminAndEnvironments() {
  const admin = await makeUser("admin@example.nl", "admin");
  const [productie, test] = await listEnvironments();
  return { admin: { ...actorOf(admin), name: admin.name }, productie, test };
}

async function refusal(response: Response | object) {
  expect(response).toBeInstanceOf(Response);
  const r = response as Response;
  expect(r.status).toBe(401);
  expect(r.headers.get("www-authenticate")).toBe('Bearer realm="koppeling"');
  expect(r.headers.get("content-type")).toContain("application/json");
  return ((await r.json()) as { error: { code: string; message: string } }).error;
}

describe("creating a key", () => {
  test("stores only its SHA-256, lists it by prefix for its own environment, and audits name and prefix", async () => {
    const { admin, productie, test: other } = await adminAndEnvironments();
    const created = await createApiKey(admin, productie.id, { name: "Facturatie", expiresAt: null });
    expect(created.key).toMatch(/^kop_[0-9a-f]{10}_[A-Za-z0-9_-]{32}$/);
    expect(created.key.startsWith(`kop_${created.prefix}_`)).toBe(true);

    const [row] = await getDb().select().from(apiKeys);
    expect(row).toMatchObject({
      environmentId: productie.id,
      name: "Facturatie",
      prefix: created.prefix,
      keyHash: hashApiKey(created.key),
      createdByUserId: admin.id,
      createdByName: "admin",
      revokedAt: null,
      callCount: 0,
    });
    // The secret is everything after `kop_<prefix>_` (base64url: it may hold "_" itself).
    const secret = created.key.slice(`kop_${row.prefix}_`.length);
    expect(secret).toHaveLength(32);
    expect(JSON.stringify(row)).not.toContain(secret);

    const listed = await listApiKeys(productie.id);
    expect(listed.map((k) => [k.name, k.prefix])).toEqual([["Facturatie", created.prefix]]);
    expect(JSON.stringify(listed)).not.toContain(row.keyHash);
    expect(await listApiKeys(other.id)).toEqual([]);

    const events = await getDb().select().from(auditEvents).where(eq(auditEvents.entityType, "api_key"));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "api_key.created",
      entityType: "api_key",
      entityId: created.id,
      environmentId: productie.id,
      actorEmail: "admin@example.nl",
      detail: { name: "Facturatie", prefix: created.prefix, scope: "read", expiresAt: null },
    });
    const audited = JSON.stringify(events);
    expect(audited).not.toContain(created.key);
    expect(audited).not.toContain(row.keyHash);
  });
});

describe("authenticateApiKey", () => {
  test("a live key is its environment's caller", async () => {
    const { admin, productie } = await adminAndEnvironments();
    const { key, id, prefix } = await createApiKey(admin, productie.id, { name: "Facturatie", expiresAt: null });
    expect(await authenticateApiKey(bearer(key))).toEqual({
      keyId: id,
      prefix,
      name: "Facturatie",
      environmentId: productie.id,
      scope: "read",
    });
  });

  test("no Authorization header: 401 api_key_missing, saying how to send one", async () => {
    const error = await refusal(await authenticateApiKey(new Request("http://portal.test/api/v1/x")));
    expect(error).toEqual({ code: "api_key_missing", message: "Send an API key as 'Authorization: Bearer <key>'." });
  });

  test.each([
    ["another scheme", "Basic a2V5OnNlY3JldA=="],
    ["a key of the wrong shape", "Bearer not-a-key"],
    ["a bare key without Bearer", "kop_0123456789_abcdefghijklmnopqrstuvwxyzABCDEF"],
  ])("%s: 401 api_key_invalid", async (_name, header) => {
    const error = await refusal(
      await authenticateApiKey(new Request("http://x/", { headers: { authorization: header } })),
    );
    expect(error.code).toBe("api_key_invalid");
  });

  test("a known prefix with the wrong secret, or an unknown prefix: 401 api_key_invalid", async () => {
    const { admin, productie } = await adminAndEnvironments();
    const { key, prefix } = await createApiKey(admin, productie.id, { name: "Facturatie", expiresAt: null });
    const wrongSecret = `kop_${prefix}_${"A".repeat(32)}`;
    expect((await refusal(await authenticateApiKey(bearer(wrongSecret)))).code).toBe("api_key_invalid");
    const unknown = key.replace(prefix, prefix === "0000000000" ? "1111111111" : "0000000000");
    expect((await refusal(await authenticateApiKey(bearer(unknown)))).code).toBe("api_key_invalid");
  });

  test("an expired key: 401 api_key_expired, from its expiry on", async () => {
    const { admin, productie } = await adminAndEnvironments();
    const expiresAt = new Date(Date.now() + 60_000);
    const { key } = await createApiKey(admin, productie.id, { name: "Tijdelijk", expiresAt });
    expect(await authenticateApiKey(bearer(key), new Date(expiresAt.getTime() - 1))).not.toBeInstanceOf(Response);
    const error = await refusal(await authenticateApiKey(bearer(key), expiresAt));
    expect(error).toEqual({ code: "api_key_expired", message: "The API key has expired." });
  });

  test("a revoked key: 401 api_key_revoked, at once", async () => {
    const { admin, productie } = await adminAndEnvironments();
    const { key, id } = await createApiKey(admin, productie.id, { name: "Facturatie", expiresAt: null });
    await revokeApiKey(admin, productie.id, id);
    expect((await refusal(await authenticateApiKey(bearer(key)))).code).toBe("api_key_revoked");
  });
});

describe("a key's scope", () => {
  test("read unless chosen; read-write when chosen; stored, listed, audited and known to the API", async () => {
    const { admin, productie } = await adminAndEnvironments();
    const reader = await createApiKey(admin, productie.id, { name: "Lezer", expiresAt: null });
    const writer = await createApiKey(admin, productie.id, { name: "Schrijver", expiresAt: null, scope: "read-write" });
    const rows = await getDb().select({ id: apiKeys.id, scope: apiKeys.scope }).from(apiKeys);
    expect(Object.fromEntries(rows.map((r) => [r.id, r.scope]))).toEqual({
      [reader.id]: "read",
      [writer.id]: "read-write",
    });
    expect((await listApiKeys(productie.id)).map((k) => [k.name, k.scope])).toEqual([
      ["Schrijver", "read-write"],
      ["Lezer", "read"],
    ]);
    const [event] = await getDb().select().from(auditEvents).where(eq(auditEvents.entityId, writer.id));
    expect(event.detail).toMatchObject({ scope: "read-write" });
    expect(await authenticateApiKey(bearer(writer.key))).toMatchObject({ scope: "read-write" });
  });

  test("migration 0015: a key that existed before becomes read-write; a key made after it is read", async () => {
    // The migrations up to the one before 0015 on a scratch database, a key made there, then the rest.
    const db = await createScratchDatabase("koppeling_scopes");
    const before = mkdtempSync(path.join(tmpdir(), "migrations-"));
    const sql = postgres(db.url, { max: 1, onnotice: () => {} });
    try {
      cpSync(MIGRATIONS_FOLDER, before, { recursive: true });
      const journalFile = path.join(before, "meta/_journal.json");
      const journal = JSON.parse(readFileSync(journalFile, "utf8")) as { entries: { tag: string }[] };
      const at = journal.entries.findIndex((e) => e.tag === "0015_api_key_scopes");
      expect(at).toBeGreaterThan(0);
      writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, at) }));
      await migrate(drizzle(sql), { migrationsFolder: before });

      const [environment] = await sql`insert into environments (name) values ('Productie') returning id`;
      const old = generateApiKey();
      await sql`insert into api_keys (environment_id, name, prefix, key_hash, created_by_name)
                values (${environment.id}, 'Facturatie', ${old.prefix}, ${old.keyHash}, 'cli')`;
      await migrate(drizzle(sql), { migrationsFolder: MIGRATIONS_FOLDER });

      const fresh = generateApiKey();
      await sql`insert into api_keys (environment_id, name, prefix, key_hash, created_by_name)
                values (${environment.id}, 'Nieuw', ${fresh.prefix}, ${fresh.keyHash}, 'cli')`;
      const scopes = await sql`select name, scope from api_keys order by created_at, name`;
      expect(scopes.map((r) => [r.name, r.scope])).toEqual([
        ["Facturatie", "read-write"],
        ["Nieuw", "read"],
      ]);
    } finally {
      await sql.end({ timeout: 1 });
      rmSync(before, { recursive: true, force: true });
      await db.drop();
    }
  });
});

describe("a key follows the admin who made it", () => {
  const route = apiRoute(async () => Response.json({ ok: true }));
  const call = (key: string) =>
    route(new Request("http://portal.test/api/v1/ping", { headers: { authorization: `Bearer ${key}` } }), {
      params: Promise.resolve({}),
    });

  async function world() {
    const boss = actorOf(await makeUser("boss@example.nl", "admin"));
    const maker = await makeUser("maker@example.nl", "admin");
    const [productie] = await listEnvironments();
    const made = await createApiKey({ ...actorOf(maker), name: maker.name }, productie.id, {
      name: "Facturatie",
      expiresAt: null,
      scope: "read-write",
    });
    const tool = await createApiKey({ ...SYSTEM_ACTOR, email: "cli" }, productie.id, { name: "Tool", expiresAt: null });
    return { boss, maker, productie, made, tool };
  }

  test("blocked: 401 api_key_creator_inactive in words, counted and shown; works again once unblocked", async () => {
    const { boss, maker, productie, made, tool } = await world();
    expect((await call(made.key)).status).toBe(200);

    await setUserDisabled(boss, maker.id, true);
    const refused = await call(made.key);
    const error = await refusal(refused);
    expect(error).toEqual({
      code: "api_key_creator_inactive",
      message:
        "The administrator who made this API key is blocked in the portal, so the key does not work. It works again when an administrator unblocks them (Gebruikers); or make a new key.",
    });
    const [row] = await getDb().select().from(apiKeys).where(eq(apiKeys.id, made.id));
    expect(row).toMatchObject({ revokedAt: null, refusedCount: 1, callCount: 1 });
    const listed = await listApiKeys(productie.id);
    expect(listed.find((k) => k.id === made.id)).toMatchObject({ creatorStop: "creator_blocked", madeByTool: false });
    // The tool's key has no creator to follow.
    expect(listed.find((k) => k.id === tool.id)).toMatchObject({ creatorStop: null, madeByTool: true });
    expect((await call(tool.key)).status).toBe(200);

    await setUserDisabled(boss, maker.id, false);
    expect((await call(made.key)).status).toBe(200);
    expect((await listApiKeys(productie.id)).find((k) => k.id === made.id)).toMatchObject({ creatorStop: null });
    const [after] = await getDb().select().from(apiKeys).where(eq(apiKeys.id, made.id));
    expect(after).toMatchObject({ revokedAt: null, refusedCount: 1, callCount: 2 });
  });

  test("demoted to team lead: 401 in words; works again once an admin again", async () => {
    const { boss, maker, productie, made, tool } = await world();
    await setUserRole(boss, maker.id, "viewer");
    const error = await refusal(await call(made.key));
    expect(error).toEqual({
      code: "api_key_creator_inactive",
      message:
        "The administrator who made this API key is no longer an administrator in the portal, so the key does not work. It works again when they are made an administrator again (Gebruikers); or make a new key.",
    });
    expect((await listApiKeys(productie.id)).find((k) => k.id === made.id)).toMatchObject({
      creatorStop: "creator_not_admin",
    });
    expect((await call(tool.key)).status).toBe(200);

    await setUserRole(boss, maker.id, "admin");
    expect((await call(made.key)).status).toBe(200);
  });

  test("a revoked or expired key says so first, whatever its creator", async () => {
    const { boss, maker, made } = await world();
    await setUserDisabled(boss, maker.id, true);
    await getDb()
      .update(apiKeys)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(apiKeys.id, made.id));
    expect((await refusal(await call(made.key))).code).toBe("api_key_expired");
  });
});

describe("revoking a key", () => {
  test("sets revokedAt and audits it, without the key or its hash", async () => {
    const { admin, productie } = await adminAndEnvironments();
    const { id, prefix, key } = await createApiKey(admin, productie.id, { name: "Facturatie", expiresAt: null });
    const revoked = await revokeApiKey(admin, productie.id, id);
    expect(revoked).toEqual({ id, name: "Facturatie", prefix, environment: "Productie" });
    const [row] = await getDb().select().from(apiKeys).where(eq(apiKeys.id, id));
    expect(row.revokedAt).toBeInstanceOf(Date);
    const [event] = await getDb().select().from(auditEvents).where(eq(auditEvents.action, "api_key.revoked"));
    expect(event).toMatchObject({ entityId: id, environmentId: productie.id, detail: { name: "Facturatie", prefix } });
    expect(JSON.stringify(event)).not.toContain(key);
    expect(JSON.stringify(event)).not.toContain(row.keyHash);
  });

  test("a key of another environment is not found there, and stays live", async () => {
    const { admin, productie, test: other } = await adminAndEnvironments();
    const { id, key } = await createApiKey(admin, productie.id, { name: "Facturatie", expiresAt: null });
    await expect(revokeApiKey(admin, other.id, id)).rejects.toMatchObject({ code: "api_key_not_found" });
    expect(await authenticateApiKey(bearer(key))).not.toBeInstanceOf(Response);
    expect(await getDb().select().from(auditEvents).where(eq(auditEvents.action, "api_key.revoked"))).toEqual([]);
  });

  test("twice: the second says it was already revoked, and changes nothing", async () => {
    const { admin, productie } = await adminAndEnvironments();
    const { id, prefix } = await createApiKey(admin, productie.id, { name: "Facturatie", expiresAt: null });
    await revokeApiKeyByPrefix(admin, prefix);
    const [before] = await getDb().select().from(apiKeys);
    await expect(revokeApiKey(admin, productie.id, id)).rejects.toMatchObject({
      code: "api_key_already_revoked",
      values: { name: "Facturatie" },
    });
    const [after] = await getDb().select().from(apiKeys);
    expect(after.revokedAt).toEqual(before.revokedAt);
    expect(await getDb().select().from(auditEvents).where(eq(auditEvents.action, "api_key.revoked"))).toHaveLength(1);
  });
});

describe("apiRoute", () => {
  const route = apiRoute(async (_request, caller) => Response.json({ environmentId: caller.environmentId }));
  const call = (headers: HeadersInit = {}) =>
    route(new Request("http://portal.test/api/v1/ping?q=geheim", { headers }), { params: Promise.resolve({}) });

  test("counts each call on its key and sets its last use; refused calls count nowhere", async () => {
    const { admin, productie } = await adminAndEnvironments();
    const { key, id } = await createApiKey(admin, productie.id, { name: "Facturatie", expiresAt: null });
    expect((await call()).status).toBe(401);
    expect((await call({ authorization: "Bearer kop_0000000000_x" })).status).toBe(401);
    for (let i = 0; i < 3; i++)
      expect(await (await call({ authorization: `Bearer ${key}` })).json()).toEqual({ environmentId: productie.id });
    const [row] = await getDb().select().from(apiKeys).where(eq(apiKeys.id, id));
    expect(row.callCount).toBe(3);
    expect(row.lastUsedAt).toBeInstanceOf(Date);
    // A key with an unknown prefix is counted on no key.
    expect(row.refusedCount).toBe(0);
  });

  test("a refusal with a key's prefix (wrong secret, revoked, expired) is counted on that key and shown on API-sleutels", async () => {
    const { admin, productie } = await adminAndEnvironments();
    const { key, id, prefix } = await createApiKey(admin, productie.id, { name: "Facturatie", expiresAt: null });
    const wrongSecret = `${key.slice(0, -4)}AAAA`;
    expect((await call({ authorization: `Bearer ${wrongSecret}` })).status).toBe(401);
    let [row] = await getDb().select().from(apiKeys).where(eq(apiKeys.id, id));
    expect(row).toMatchObject({ refusedCount: 1, callCount: 0 });
    expect(row.lastRefusedAt).toBeInstanceOf(Date);
    await getDb().update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, id));
    expect((await call({ authorization: `Bearer ${key}` })).status).toBe(401);
    [row] = await getDb().select().from(apiKeys).where(eq(apiKeys.id, id));
    expect(row.refusedCount).toBe(2);
    const [listed] = await listApiKeys(productie.id);
    expect(listed).toMatchObject({ prefix, refusedCount: 2 });
  });

  test("a handler that throws answers a JSON 500 in words, still counted", async () => {
    const { admin, productie } = await adminAndEnvironments();
    const { key, id } = await createApiKey(admin, productie.id, { name: "Facturatie", expiresAt: null });
    const failing = apiRoute(async () => {
      throw new Error("boom with a secret inside");
    });
    const response = await failing(new Request("http://x/api/v1/y", { headers: { authorization: `Bearer ${key}` } }), {
      params: Promise.resolve({}),
    });
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text).error.code).toBe("unexpected");
    expect(text).not.toContain("secret");
    const [row] = await getDb().select().from(apiKeys).where(eq(apiKeys.id, id));
    expect(row.callCount).toBe(1);
  });
});
