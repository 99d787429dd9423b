import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, test } from "vitest";
import { getDb } from "@/db/client";
import { apiKeys, auditEvents } from "@/db/schema";
import { hashApiKey } from "@/lib/crypto/generate-api-key";
import { createApiKey, listApiKeys, revokeApiKey, revokeApiKeyByPrefix } from "@/lib/data/api-keys";
import { listEnvironments } from "@/lib/data/environments";
import { apiRoute } from "@/lib/public-api/api-route";
import { authenticateApiKey } from "@/lib/public-api/authenticate-api-key";
import { resetDatabase } from "../support/reset-database";
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
      detail: { name: "Facturatie", prefix: created.prefix, expiresAt: null },
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
