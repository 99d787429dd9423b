import "server-only";
import { and, asc, eq, inArray, isNotNull, isNull, lt, or } from "drizzle-orm";
import { getDb } from "@/db/client";
import { administrations, environments, oauthLogins } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/audit-events";
import { now } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import type { ExactSite } from "@/lib/exact-sites";

export type OAuthLoginStatus = "pending" | "active" | "expiring" | "needs_reauth" | "error";

export type OAuthLoginDto = {
  id: string;
  description: string;
  site: ExactSite;
  status: OAuthLoginStatus;
  exactUserName: string | null;
  exactFullName: string | null;
  exactUserId: string | null;
  loginExpiresAt: Date | null;
  lastRefreshAt: Date | null;
  lastCheckAt: Date | null;
  lastError: string | null;
  /** What the last error's words name (e.g. the newer consent that retired the chain). */
  lastErrorValues: Record<string, string> | null;
};

// Never a token column: those are read and written in lib/exact/tokens/ only.
const columns = {
  id: oauthLogins.id,
  description: oauthLogins.description,
  site: oauthLogins.site,
  status: oauthLogins.status,
  exactUserName: oauthLogins.exactUserName,
  exactFullName: oauthLogins.exactFullName,
  exactUserId: oauthLogins.exactUserId,
  loginExpiresAt: oauthLogins.loginExpiresAt,
  lastRefreshAt: oauthLogins.lastRefreshAt,
  lastCheckAt: oauthLogins.lastCheckAt,
  lastError: oauthLogins.lastError,
  lastErrorValues: oauthLogins.lastErrorValues,
};

/**
 * An active login whose expiry is within the environment's warning period shows as
 * `expiring`: derived when read, so it never goes stale in the database.
 */
export function effectiveStatus(
  status: OAuthLoginStatus,
  loginExpiresAt: Date | null,
  warningDays: number,
  at: Date,
): OAuthLoginStatus {
  if (status !== "active" || !loginExpiresAt) return status;
  if (loginExpiresAt.getTime() <= at.getTime()) return "needs_reauth";
  return loginExpiresAt.getTime() - at.getTime() <= warningDays * 24 * 3600 * 1000 ? "expiring" : "active";
}

export async function listOAuthLogins(environmentId: string): Promise<OAuthLoginDto[]> {
  const db = getDb();
  const [[env], rows] = await Promise.all([
    db.select({ days: environments.expiryWarningDays }).from(environments).where(eq(environments.id, environmentId)),
    db
      .select(columns)
      .from(oauthLogins)
      .where(eq(oauthLogins.environmentId, environmentId))
      .orderBy(asc(oauthLogins.description)),
  ]);
  const at = now();
  return rows.map((r) => ({ ...r, status: effectiveStatus(r.status, r.loginExpiresAt, env?.days ?? 7, at) }));
}

export async function createOAuthLogin(
  actor: Actor,
  environmentId: string,
  input: { description: string; site: ExactSite },
): Promise<{ id: string }> {
  return getDb().transaction(async (tx) => {
    const [row] = await tx
      .insert(oauthLogins)
      .values({ environmentId, description: input.description, site: input.site, createdBy: actor.id })
      .onConflictDoNothing()
      .returning({ id: oauthLogins.id });
    if (!row) throw new AppError("description_taken", "description");
    await recordAudit(tx, actor, {
      action: "oauth_login.created",
      entityType: "oauth_login",
      entityId: row.id,
      environmentId,
      detail: { description: input.description, site: input.site },
    });
    return row;
  });
}

export async function renameOAuthLogin(
  actor: Actor,
  environmentId: string,
  id: string,
  description: string,
): Promise<void> {
  await getDb().transaction(async (tx) => {
    const [before] = await tx
      .select({ description: oauthLogins.description })
      .from(oauthLogins)
      .where(and(eq(oauthLogins.id, id), eq(oauthLogins.environmentId, environmentId)))
      .for("update");
    if (!before) throw new AppError("oauth_login_not_found");
    if (before.description === description) return;
    const [taken] = await tx
      .select({ id: oauthLogins.id })
      .from(oauthLogins)
      .where(and(eq(oauthLogins.environmentId, environmentId), eq(oauthLogins.description, description)));
    if (taken && taken.id !== id) throw new AppError("description_taken", "description");
    try {
      await tx.update(oauthLogins).set({ description, updatedAt: now() }).where(eq(oauthLogins.id, id));
    } catch {
      throw new AppError("description_taken", "description");
    }
    await recordAudit(tx, actor, {
      action: "oauth_login.renamed",
      entityType: "oauth_login",
      entityId: id,
      environmentId,
      detail: { description: { from: before.description, to: description } },
    });
  });
}

/** Refused while an administration uses the login, naming which. */
export async function deleteOAuthLogin(actor: Actor, environmentId: string, id: string): Promise<void> {
  await getDb().transaction(async (tx) => {
    const [login] = await tx
      .select({ description: oauthLogins.description, site: oauthLogins.site })
      .from(oauthLogins)
      .where(and(eq(oauthLogins.id, id), eq(oauthLogins.environmentId, environmentId)))
      .for("update");
    if (!login) throw new AppError("oauth_login_not_found");
    const users = await tx
      .select({ description: administrations.description })
      .from(administrations)
      .where(eq(administrations.oauthLoginId, id))
      .orderBy(asc(administrations.description));
    if (users.length > 0) {
      throw new AppError("oauth_login_in_use", undefined, {
        administrations: users.map((u) => u.description).join(", "),
      });
    }
    await tx.delete(oauthLogins).where(eq(oauthLogins.id, id));
    await recordAudit(tx, actor, {
      action: "oauth_login.deleted",
      entityType: "oauth_login",
      entityId: id,
      environmentId,
      detail: { description: login.description, site: login.site },
    });
  });
}

/**
 * Keeps who Exact says the login's user is (current/Me, read by Testen, Verbinding testen or
 * the keep-alive), and the moment of that check. A different Exact user behind a login is a
 * change someone must be able to trace: it is audited, in the same transaction.
 */
export async function recordExactUser(
  actor: Actor,
  loginId: string,
  me: { userName: string; fullName: string },
  set: Partial<typeof oauthLogins.$inferInsert> = {},
): Promise<void> {
  await getDb().transaction(async (tx) => {
    const [before] = await tx
      .select({
        environmentId: oauthLogins.environmentId,
        description: oauthLogins.description,
        exactUserName: oauthLogins.exactUserName,
      })
      .from(oauthLogins)
      .where(eq(oauthLogins.id, loginId))
      .for("update");
    if (!before) return;
    await tx
      .update(oauthLogins)
      .set({ ...set, lastCheckAt: now(), exactUserName: me.userName, exactFullName: me.fullName })
      .where(eq(oauthLogins.id, loginId));
    if (before.exactUserName === me.userName) return;
    await recordAudit(tx, actor, {
      action: "oauth_login.exact_user_changed",
      entityType: "oauth_login",
      entityId: loginId,
      environmentId: before.environmentId,
      detail: { description: before.description, exactUserName: { from: before.exactUserName, to: me.userName } },
    });
  });
}

/** The environment a login belongs to, by the login's id: for a link (an e-mail's) into another environment. */
export async function environmentOfLogin(
  loginId: string,
): Promise<{ environmentId: string; environment: string; description: string } | null> {
  if (!/^[0-9a-f-]{36}$/i.test(loginId)) return null;
  const [row] = await getDb()
    .select({ environmentId: environments.id, environment: environments.name, description: oauthLogins.description })
    .from(oauthLogins)
    .innerJoin(environments, eq(environments.id, oauthLogins.environmentId))
    .where(eq(oauthLogins.id, loginId));
  return row ?? null;
}

/** A check of the login (Testen) failed for a reason the token store did not keep itself. */
export async function recordLoginCheckFailed(loginId: string, reason: string): Promise<void> {
  await getDb().update(oauthLogins).set({ lastCheckAt: now(), lastError: reason }).where(eq(oauthLogins.id, loginId));
}

/** Linked logins (active, expiring or in error, with a refresh token) not refreshed since `before`. */
export async function linkedLoginsNotRefreshedSince(before: Date): Promise<string[]> {
  const rows = await getDb()
    .select({ id: oauthLogins.id })
    .from(oauthLogins)
    .where(
      and(
        // A dead login waits for a person; a pending one has nothing to keep alive.
        inArray(oauthLogins.status, ["active", "expiring", "error"]),
        isNotNull(oauthLogins.refreshTokenEnc),
        or(isNull(oauthLogins.lastRefreshAt), lt(oauthLogins.lastRefreshAt, before)),
      ),
    );
  return rows.map((r) => r.id);
}

/** Testen on a login, audited: who tested, whether Exact answered, and why not. */
export async function auditLoginTest(
  actor: Actor,
  loginId: string,
  outcome: { succeeded: boolean; reason?: string; exactUserName?: string },
): Promise<void> {
  const [login] = await getDb()
    .select({ environmentId: oauthLogins.environmentId, description: oauthLogins.description })
    .from(oauthLogins)
    .where(eq(oauthLogins.id, loginId));
  if (!login) return;
  await recordAudit(getDb(), actor, {
    action: "oauth_login.tested",
    entityType: "oauth_login",
    entityId: loginId,
    environmentId: login.environmentId,
    detail: {
      description: login.description,
      succeeded: outcome.succeeded,
      ...(outcome.exactUserName ? { exactUserName: outcome.exactUserName } : {}),
      ...(outcome.reason ? { reason: outcome.reason } : {}),
    },
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The login's description when it is one of the environment's, else null (also for an id that is no id). */
export async function oauthLoginDescription(environmentId: string, loginId: string): Promise<string | null> {
  if (!UUID.test(loginId)) return null;
  const [row] = await getDb()
    .select({ description: oauthLogins.description })
    .from(oauthLogins)
    .where(and(eq(oauthLogins.id, loginId), eq(oauthLogins.environmentId, environmentId)));
  return row?.description ?? null;
}
