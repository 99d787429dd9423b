import "server-only";
import { eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { oauthLogins } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/audit-events";
import { now } from "@/lib/clock";
import type { ExactSite } from "@/lib/exact-sites";

// What the consent round-trip (lib/links/consent-round-trip.ts) reads and writes of a login,
// apart from its tokens (the Exact client stores those).

/** The login's site, for the consent screen, when it is one of that environment's. */
export async function loginSite(loginId: string, environmentId: string): Promise<ExactSite | null> {
  const [login] = await getDb()
    .select({ site: oauthLogins.site, environmentId: oauthLogins.environmentId })
    .from(oauthLogins)
    .where(eq(oauthLogins.id, loginId));
  return login && login.environmentId === environmentId ? login.site : null;
}

export type ConsentingLogin = {
  environmentId: string;
  description: string;
  site: ExactSite;
  exactUserId: string | null;
  exactUserName: string | null;
  /** It held tokens before this consent: a re-authorization. */
  hadTokens: boolean;
};

/** The login a callback is for. Not the token columns: only whether it held tokens before. */
export async function consentingLogin(loginId: string): Promise<ConsentingLogin | undefined> {
  const [login] = await getDb()
    .select({
      environmentId: oauthLogins.environmentId,
      description: oauthLogins.description,
      site: oauthLogins.site,
      exactUserId: oauthLogins.exactUserId,
      exactUserName: oauthLogins.exactUserName,
      hadTokens: sql<boolean>`${oauthLogins.refreshTokenEnc} is not null`,
    })
    .from(oauthLogins)
    .where(eq(oauthLogins.id, loginId));
  return login;
}

/** Why the round-trip did not link the login (a key under oauthLogins.lastError.*). */
export async function recordConsentFailure(
  loginId: string,
  reason: "consent_denied" | "consent_failed" | "exchange_failed" | "me_failed",
): Promise<void> {
  await getDb().update(oauthLogins).set({ lastError: reason, updatedAt: now() }).where(eq(oauthLogins.id, loginId));
}

/** An audit event about the login, by the admin who went through Exact's screens. */
export async function auditConsent(
  actor: Actor,
  loginId: string,
  login: ConsentingLogin,
  action: string,
  detail: Record<string, unknown>,
): Promise<void> {
  await getDb().transaction((tx) =>
    recordAudit(tx, actor, {
      action,
      entityType: "oauth_login",
      entityId: loginId,
      environmentId: login.environmentId,
      detail: { description: login.description, ...detail },
    }),
  );
}

/** Who Exact says consented, kept on the login with its audit event in one transaction. */
export async function recordConsentingUser(
  actor: Actor,
  loginId: string,
  login: ConsentingLogin,
  me: { userId: string; userName: string; fullName: string; currentDivision: number | null },
): Promise<{ otherUser: boolean }> {
  const otherUser = Boolean(login.exactUserId && login.exactUserId !== me.userId);
  await getDb().transaction(async (tx) => {
    await tx
      .update(oauthLogins)
      .set({
        exactUserId: me.userId,
        exactUserName: me.userName,
        exactFullName: me.fullName,
        exactCurrentDivision: me.currentDivision,
        lastCheckAt: now(),
      })
      .where(eq(oauthLogins.id, loginId));
    await recordAudit(tx, actor, {
      action: login.hadTokens || login.exactUserId ? "oauth_login.reauthorized" : "oauth_login.authorized",
      entityType: "oauth_login",
      entityId: loginId,
      environmentId: login.environmentId,
      detail: {
        description: login.description,
        exactUserName: me.userName,
        ...(otherUser ? { previousExactUserName: login.exactUserName } : {}),
      },
    });
  });
  return { otherUser };
}
