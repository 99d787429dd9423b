import "server-only";
import { and, desc, eq, isNull, type SQL, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { apiKeys, environments, users } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/audit-events";
import { generateApiKey } from "@/lib/crypto/generate-api-key";
import { AppError } from "@/lib/errors";
import type { ApiKeyScope } from "@/lib/schemas/api-keys";
import { coalescedWriter } from "./coalesced-writer";

/**
 * Why a key made in the portal does not work now although it is neither revoked nor expired:
 * its creator is blocked, or no longer an admin. It works again once that is undone; a key
 * made by `npm run apikey:create` has no creator to follow.
 */
export type CreatorStop = "creator_blocked" | "creator_not_admin";

function creatorStop(creator: {
  id: string | null;
  disabled: boolean | null;
  role: string | null;
}): CreatorStop | null {
  if (creator.id === null) return null;
  if (creator.disabled) return "creator_blocked";
  return creator.role === "admin" ? null : "creator_not_admin";
}

/** What the API-sleutels page and the CLI get of a key: never the key, never its hash. */
export type ApiKeyDto = {
  id: string;
  name: string;
  prefix: string;
  scope: ApiKeyScope;
  createdByName: string;
  /** Made by `npm run apikey:create`: no creator whose state it follows. */
  madeByTool: boolean;
  /** Why the key does not work now because of its creator, or null. */
  creatorStop: CreatorStop | null;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  callCount: number;
  refusedCount: number;
  lastRefusedAt: Date | null;
};

const columns = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  scope: apiKeys.scope,
  createdByName: apiKeys.createdByName,
  createdByUserId: apiKeys.createdByUserId,
  creatorDisabled: users.disabled,
  creatorRole: users.role,
  createdAt: apiKeys.createdAt,
  expiresAt: apiKeys.expiresAt,
  revokedAt: apiKeys.revokedAt,
  lastUsedAt: apiKeys.lastUsedAt,
  callCount: apiKeys.callCount,
  refusedCount: apiKeys.refusedCount,
  lastRefusedAt: apiKeys.lastRefusedAt,
};

/** The environment's keys, newest first, revoked ones included (the page says when). */
export async function listApiKeys(environmentId: string): Promise<ApiKeyDto[]> {
  const rows = await getDb()
    .select(columns)
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.createdByUserId))
    .where(eq(apiKeys.environmentId, environmentId))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
  return rows.map(({ createdByUserId, creatorDisabled, creatorRole, ...key }) => ({
    ...key,
    madeByTool: createdByUserId === null,
    creatorStop: creatorStop({ id: createdByUserId, disabled: creatorDisabled, role: creatorRole }),
  }));
}

/** Who creates a key: a signed-in admin (their name is listed), or the CLI. */
export type KeyCreator = Actor & { name?: string };

/**
 * Makes a key for the environment and returns it, the one time it exists outside the caller's
 * hands: only its SHA-256 is stored. Audited with the name, prefix and expiry.
 */
export async function createApiKey(
  creator: KeyCreator,
  environmentId: string,
  input: { name: string; expiresAt: Date | null; scope?: ApiKeyScope },
): Promise<{ id: string; key: string; prefix: string }> {
  const { key, prefix, keyHash } = generateApiKey();
  const scope = input.scope ?? "read";
  const id = await getDb().transaction(async (tx) => {
    const [row] = await tx
      .insert(apiKeys)
      .values({
        environmentId,
        name: input.name,
        prefix,
        keyHash,
        scope,
        createdByUserId: creator.id,
        createdByName: creator.name ?? creator.email,
        expiresAt: input.expiresAt,
      })
      .returning({ id: apiKeys.id });
    await recordAudit(tx, creator, {
      action: "api_key.created",
      entityType: "api_key",
      entityId: row.id,
      environmentId,
      detail: { name: input.name, prefix, scope, expiresAt: input.expiresAt?.toISOString() ?? null },
    });
    return row.id;
  });
  return { id, key, prefix };
}

/**
 * Revokes a key: from the next request on it gets 401. `where` names the key by its id within
 * the environment (the page) or by its prefix in any environment (the CLI). A key revoked
 * before stays as it was, and the refusal says so.
 */
async function revokeWhere(
  actor: Actor,
  where: SQL | undefined,
): Promise<{ id: string; name: string; prefix: string; environment: string }> {
  return getDb().transaction(async (tx) => {
    const [key] = await tx
      .select({
        id: apiKeys.id,
        name: apiKeys.name,
        prefix: apiKeys.prefix,
        revokedAt: apiKeys.revokedAt,
        environmentId: apiKeys.environmentId,
        environment: environments.name,
      })
      .from(apiKeys)
      .innerJoin(environments, eq(environments.id, apiKeys.environmentId))
      .where(where)
      .for("update", { of: apiKeys });
    if (!key) throw new AppError("api_key_not_found");
    if (key.revokedAt) throw new AppError("api_key_already_revoked", undefined, { name: key.name });
    await tx
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.id, key.id), isNull(apiKeys.revokedAt)));
    await recordAudit(tx, actor, {
      action: "api_key.revoked",
      entityType: "api_key",
      entityId: key.id,
      environmentId: key.environmentId,
      detail: { name: key.name, prefix: key.prefix },
    });
    return { id: key.id, name: key.name, prefix: key.prefix, environment: key.environment };
  });
}

export function revokeApiKey(actor: Actor, environmentId: string, keyId: string) {
  return revokeWhere(actor, and(eq(apiKeys.id, keyId), eq(apiKeys.environmentId, environmentId)));
}

export function revokeApiKeyByPrefix(actor: Actor, prefix: string) {
  return revokeWhere(actor, eq(apiKeys.prefix, prefix));
}

/**
 * The key with that prefix, as stored (its hash, never the key), for the API's authentication,
 * with whether its creator stops it now.
 */
export async function findApiKeyByPrefix(prefix: string) {
  const [row] = await getDb()
    .select({ key: apiKeys, creatorDisabled: users.disabled, creatorRole: users.role })
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.createdByUserId))
    .where(eq(apiKeys.prefix, prefix))
    .limit(1);
  if (!row) return undefined;
  const stop = creatorStop({ id: row.key.createdByUserId, disabled: row.creatorDisabled, role: row.creatorRole });
  return { ...row.key, creatorStop: stop };
}

/** One more call made with the key, and when (calls that arrive together are written together). */
export function countApiKeyUse(keyId: string): Promise<void> {
  return countUses(keyId);
}

const countUses = coalescedWriter<string>(async (keyIds) => {
  const counts = new Map<string, number>();
  for (const id of keyIds) counts.set(id, (counts.get(id) ?? 0) + 1);
  for (const [id, n] of counts) {
    await getDb()
      .update(apiKeys)
      .set({ callCount: sql`${apiKeys.callCount} + ${n}`, lastUsedAt: sql`now()` })
      .where(eq(apiKeys.id, id));
  }
});

/** A request refused with this key's prefix: counted on the key, so API-sleutels shows it. */
export async function countApiKeyRefusal(keyId: string): Promise<void> {
  await getDb()
    .update(apiKeys)
    .set({ refusedCount: sql`${apiKeys.refusedCount} + 1`, lastRefusedAt: sql`now()` })
    .where(eq(apiKeys.id, keyId));
}
