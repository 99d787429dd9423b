import "server-only";
import { and, asc, eq, ne, sql } from "drizzle-orm";
import { getDb, type Tx } from "@/db/client";
import { administrations, divisions, environments, oauthLogins } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/audit-events";
import { now } from "@/lib/clock";
import { proxyPasswordColumn } from "@/lib/crypto/secret-columns";
import { AppError } from "@/lib/errors";
import type { LoginState } from "@/lib/i18n/describe-login-state";
import { assertProxyAllowed } from "@/lib/network/proxy-guard";
import { proxyUrl } from "@/lib/network/proxy-settings";
import type { AdministrationValues } from "@/lib/schemas/administrations";
import { keptNames } from "./audit-in-words";
import { effectiveStatus } from "./oauth-logins";
import { isUniqueViolation } from "./unique-violation";

export type AdministrationDto = {
  id: string;
  type: "exact_online";
  description: string;
  oauthLoginId: string | null;
  oauthLogin: string | null;
  /** The login's state, for the same words as everywhere (lib/i18n/describe-login-state.ts). */
  oauthLoginState: LoginState | null;
  proxyServer: string | null;
  proxyUsername: string | null;
  proxyDomain: string | null;
  /** Whether a proxy password is stored; the password itself never leaves the server. */
  proxyPasswordSet: boolean;
  divisionCount: number;
  lastTestAt: Date | null;
  lastTestOk: boolean | null;
  lastTestMessage: string | null;
  /** A failed test's precise reason and its values: for admins only (the page decides). */
  lastTestReason: string | null;
  lastTestReasonValues: Record<string, string> | null;
};

/** Host and port of a proxy server setting, for display (no scheme). */
export function proxyHostPort(server: string | null): string | null {
  return server ? server.replace(/^https?:\/\//, "") : null;
}

// The proxy password column is never selected here: only lib/exact reads it, to use it.
const columns = {
  id: administrations.id,
  type: administrations.type,
  description: administrations.description,
  oauthLoginId: administrations.oauthLoginId,
  oauthLogin: oauthLogins.description,
  oauthLoginStatus: oauthLogins.status,
  oauthLoginExpiresAt: oauthLogins.loginExpiresAt,
  oauthLoginLastError: oauthLogins.lastError,
  oauthLoginLastErrorValues: oauthLogins.lastErrorValues,
  proxyServer: administrations.proxyServer,
  proxyUsername: administrations.proxyUsername,
  proxyDomain: administrations.proxyDomain,
  proxyPasswordSet: sql<boolean>`${administrations.proxyPasswordEnc} is not null`,
  divisionCount: sql<number>`(select count(*)::int from ${divisions} where ${divisions.administrationId} = ${administrations.id})`,
  lastTestAt: administrations.lastTestAt,
  lastTestOk: administrations.lastTestOk,
  lastTestMessage: administrations.lastTestMessage,
  lastTestReason: administrations.lastTestReason,
  lastTestReasonValues: administrations.lastTestReasonValues,
};

export async function listAdministrations(environmentId: string): Promise<AdministrationDto[]> {
  const [[env], rows] = await Promise.all([
    getDb()
      .select({ days: environments.expiryWarningDays })
      .from(environments)
      .where(eq(environments.id, environmentId)),
    getDb()
      .select(columns)
      .from(administrations)
      .leftJoin(oauthLogins, eq(oauthLogins.id, administrations.oauthLoginId))
      .where(eq(administrations.environmentId, environmentId))
      .orderBy(asc(administrations.description)),
  ]);
  const at = now();
  return rows.map(
    ({ oauthLoginStatus, oauthLoginExpiresAt, oauthLoginLastError, oauthLoginLastErrorValues, ...a }) => ({
      ...a,
      oauthLoginState: oauthLoginStatus
        ? {
            status: effectiveStatus(oauthLoginStatus, oauthLoginExpiresAt, env?.days ?? 7, at),
            loginExpiresAt: oauthLoginExpiresAt,
            lastError: oauthLoginLastError,
            lastErrorValues: oauthLoginLastErrorValues,
          }
        : null,
    }),
  );
}

async function assertLoginInEnvironment(tx: Tx, environmentId: string, loginId: string) {
  const [login] = await tx
    .select({ id: oauthLogins.id })
    .from(oauthLogins)
    .where(and(eq(oauthLogins.id, loginId), eq(oauthLogins.environmentId, environmentId)));
  if (!login) throw new AppError("oauth_login_not_found", "oauthLoginId");
}

// Unique per environment whatever the case (migration 0011), as assertDescriptionFree checks.
const DESCRIPTION_INDEX = "administrations_env_description_lower_idx";

async function assertDescriptionFree(tx: Tx, environmentId: string, description: string, exceptId?: string) {
  const [taken] = await tx
    .select({ id: administrations.id })
    .from(administrations)
    .where(
      and(
        eq(administrations.environmentId, environmentId),
        sql`lower(${administrations.description}) = lower(${description})`,
        exceptId ? ne(administrations.id, exceptId) : undefined,
      ),
    );
  if (taken) throw new AppError("description_taken", "description");
}

/** Two writers that both passed assertDescriptionFree: the unique index decides, the loser gets the field error. */
function descriptionTakenOnRace(e: unknown): never {
  if (isUniqueViolation(e, DESCRIPTION_INDEX)) throw new AppError("description_taken", "description");
  throw e;
}

/** A proxy that points into the portal's own host or the cloud's metadata is a field error. */
async function assertProxyServerAllowed(v: AdministrationValues): Promise<void> {
  if (v.proxyServer) await assertProxyAllowed(proxyUrl({ server: v.proxyServer }), "proxyServer");
}

/** What the audit log may say about the settings: names and flags, never the password. */
function auditView(v: AdministrationValues) {
  return {
    description: v.description,
    type: v.type,
    oauthLoginId: v.oauthLoginId || null,
    proxyServer: v.proxyServer || null,
    proxyUser: v.proxyUsername || null,
    proxyDomain: v.proxyDomain || null,
  };
}

/** The columns the form's values set, on create and on update alike: no proxy details without a proxy. */
function columnsOf(v: AdministrationValues) {
  return {
    type: v.type,
    description: v.description,
    oauthLoginId: v.oauthLoginId || null,
    proxyServer: v.proxyServer || null,
    proxyUsername: v.proxyServer ? v.proxyUsername || null : null,
    proxyDomain: v.proxyServer ? v.proxyDomain || null : null,
  };
}

export async function createAdministration(
  actor: Actor,
  environmentId: string,
  v: AdministrationValues,
): Promise<{ id: string }> {
  await assertProxyServerAllowed(v);
  return getDb().transaction(async (tx) => {
    await assertDescriptionFree(tx, environmentId, v.description);
    if (v.oauthLoginId) await assertLoginInEnvironment(tx, environmentId, v.oauthLoginId);
    const [row] = await tx
      .insert(administrations)
      .values({ environmentId, ...columnsOf(v) })
      .returning({ id: administrations.id })
      .catch(descriptionTakenOnRace);
    if (v.proxyServer && v.proxyPassword) {
      await tx
        .update(administrations)
        .set({ proxyPasswordEnc: proxyPasswordColumn.seal(row.id, v.proxyPassword) })
        .where(eq(administrations.id, row.id));
    }
    await recordAudit(tx, actor, {
      action: "administration.created",
      entityType: "administration",
      entityId: row.id,
      environmentId,
      detail: {
        ...auditView(v),
        proxyCredential: v.proxyServer && v.proxyPassword ? "set" : "none",
        ...(await keptNames(tx, [{ kind: "oauth_login", id: v.oauthLoginId }])),
      },
    });
    return row;
  });
}

export async function updateAdministration(
  actor: Actor,
  environmentId: string,
  id: string,
  v: AdministrationValues,
): Promise<void> {
  await assertProxyServerAllowed(v);
  await getDb().transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(administrations)
      .where(and(eq(administrations.id, id), eq(administrations.environmentId, environmentId)))
      .for("update");
    if (!before) throw new AppError("administration_not_found");
    await assertDescriptionFree(tx, environmentId, v.description, id);
    if (v.oauthLoginId) await assertLoginInEnvironment(tx, environmentId, v.oauthLoginId);
    // Without a proxy server there is nothing to authenticate to: credentials go too.
    const clearsCredentials = !v.proxyServer || v.proxyPasswordAction === "clear";
    // A stored password is only ever sent to the proxy and user it was given for: changing
    // either without typing it again would hand it to a host the admin has just named.
    const retargeted =
      (before.proxyServer ?? "") !== v.proxyServer ||
      (before.proxyUsername ?? "") !== v.proxyUsername ||
      (before.proxyDomain ?? "") !== v.proxyDomain;
    if (before.proxyPasswordEnc && !clearsCredentials && !v.proxyPassword && retargeted) {
      throw new AppError("proxy_password_reenter", "proxyPassword");
    }
    const passwordEnc =
      v.proxyServer && v.proxyPassword
        ? proxyPasswordColumn.seal(id, v.proxyPassword)
        : clearsCredentials
          ? null
          : before.proxyPasswordEnc;
    await tx
      .update(administrations)
      .set({ ...columnsOf(v), proxyPasswordEnc: passwordEnc, updatedAt: now() })
      .where(eq(administrations.id, id))
      .catch(descriptionTakenOnRace);
    const was = {
      description: before.description,
      type: before.type,
      oauthLoginId: before.oauthLoginId,
      proxyServer: before.proxyServer,
      proxyUser: before.proxyUsername,
      proxyDomain: before.proxyDomain,
    };
    const next = auditView(v);
    const changes: Record<string, unknown> = {};
    for (const key of Object.keys(next) as (keyof typeof next)[]) {
      if ((was[key] ?? null) !== (next[key] ?? null)) changes[key] = { from: was[key] ?? null, to: next[key] ?? null };
    }
    const credential =
      before.proxyPasswordEnc === passwordEnc
        ? undefined
        : passwordEnc === null
          ? "cleared"
          : before.proxyPasswordEnc === null
            ? "set"
            : "changed";
    if (Object.keys(changes).length === 0 && !credential) return;
    await recordAudit(tx, actor, {
      action: "administration.updated",
      entityType: "administration",
      entityId: id,
      environmentId,
      detail: {
        description: v.description,
        changes,
        ...(credential ? { proxyCredential: credential } : {}),
        ...(changes.oauthLoginId
          ? await keptNames(tx, [
              { kind: "oauth_login", id: was.oauthLoginId },
              { kind: "oauth_login", id: next.oauthLoginId },
            ])
          : {}),
      },
    });
  });
}

/** Refused while divisions belong to the administration, naming them. */
export async function deleteAdministration(actor: Actor, environmentId: string, id: string): Promise<void> {
  await getDb().transaction(async (tx) => {
    const [row] = await tx
      .select({ description: administrations.description })
      .from(administrations)
      .where(and(eq(administrations.id, id), eq(administrations.environmentId, environmentId)))
      .for("update");
    if (!row) throw new AppError("administration_not_found");
    const owned = await tx
      .select({ code: divisions.code, name: divisions.name })
      .from(divisions)
      .where(eq(divisions.administrationId, id))
      .orderBy(asc(divisions.code));
    if (owned.length) {
      throw new AppError("administration_in_use", undefined, {
        divisions: owned.map((d) => `${d.code} - ${d.name}`).join(", "),
      });
    }
    await tx.delete(administrations).where(eq(administrations.id, id));
    await recordAudit(tx, actor, {
      action: "administration.deleted",
      entityType: "administration",
      entityId: id,
      environmentId,
      detail: { description: row.description },
    });
  });
}
