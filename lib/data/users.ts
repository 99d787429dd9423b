import "server-only";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/audit-events";
import { generatePassword, hashPassword, verifyPassword } from "@/lib/auth/password";
import { type Role, removesLastAdmin } from "@/lib/auth/permissions";
import { releaseAttempt, reserveAttempt, type ThrottleKey } from "@/lib/data/sign-in-throttle";
import { AppError } from "@/lib/errors";
import type { Locale } from "@/lib/i18n/locales";
import { endSessionsOf, startSession } from "./user-sessions";

// What pages and actions get of a user: never the password hash.
const userColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  disabled: users.disabled,
  mustChangePassword: users.mustChangePassword,
  locale: users.locale,
  environmentId: users.environmentId,
  lastSignInAt: users.lastSignInAt,
  sessionsRevokedAt: users.sessionsRevokedAt,
  createdAt: users.createdAt,
};
export type UserDto = {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  mustChangePassword: boolean;
  locale: "nl" | "en";
  environmentId: string | null;
  lastSignInAt: Date | null;
  sessionsRevokedAt: Date | null;
  createdAt: Date;
};

export async function getUser(id: string): Promise<UserDto | undefined> {
  const [user] = await getDb().select(userColumns).from(users).where(eq(users.id, id));
  return user;
}

export async function listUsers(): Promise<UserDto[]> {
  return getDb().select(userColumns).from(users).orderBy(asc(users.name), asc(users.email));
}

export async function countUsers(): Promise<number> {
  const [{ n }] = await getDb().select({ n: sql<number>`count(*)::int` }).from(users);
  return n;
}

/** For sign-in only: the one place the hash is read. */
export async function findUserForSignIn(email: string) {
  const [user] = await getDb()
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      locale: users.locale,
      passwordHash: users.passwordHash,
      disabled: users.disabled,
    })
    .from(users)
    .where(eq(sql`lower(${users.email})`, email.trim().toLowerCase()));
  return user;
}

type CreateUser = {
  email: string;
  name: string;
  role: Role;
  /** When absent, one is generated and returned; the user must change it at first sign-in. */
  password?: string;
  mustChangePassword?: boolean;
};

export async function createUser(
  actor: Actor,
  input: CreateUser,
): Promise<{ user: UserDto; generatedPassword?: string }> {
  const generatedPassword = input.password ? undefined : generatePassword();
  const passwordHash = await hashPassword(input.password || (generatedPassword as string));
  const email = input.email.trim().toLowerCase();
  return getDb().transaction(async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({
        email,
        name: input.name.trim(),
        role: input.role,
        passwordHash,
        mustChangePassword: input.mustChangePassword ?? Boolean(generatedPassword),
      })
      .onConflictDoNothing()
      .returning(userColumns);
    if (!user) throw new AppError("email_taken", "email");
    await recordAudit(tx, actor, {
      action: "user.created",
      entityType: "user",
      entityId: user.id,
      detail: { email: user.email, name: user.name, role: user.role },
    });
    return { user, generatedPassword };
  });
}

/** Changes role and/or disabled state; refuses to leave the portal without an active admin. */
async function updateAccess(actor: Actor, userId: string, next: { role?: Role; disabled?: boolean }) {
  return getDb().transaction(async (tx) => {
    // Lock every admin row: two admins demoting each other at once must not both succeed.
    const admins = await tx
      .select({ id: users.id, disabled: users.disabled })
      .from(users)
      .where(eq(users.role, "admin"))
      .for("update");
    const [target] = await tx.select(userColumns).from(users).where(eq(users.id, userId)).for("update");
    if (!target) throw new AppError("user_not_found");
    if (next.disabled && target.id === actor.id) throw new AppError("cannot_disable_self");
    const activeAdmins = admins.filter((a) => !a.disabled).map((a) => a.id);
    if (removesLastAdmin(activeAdmins, target, next)) throw new AppError("last_admin");
    const changes: Record<string, unknown> = {};
    if (next.role !== undefined && next.role !== target.role) changes.role = { from: target.role, to: next.role };
    if (next.disabled !== undefined && next.disabled !== target.disabled) changes.disabled = next.disabled;
    if (Object.keys(changes).length === 0) return target;
    const [updated] = await tx
      .update(users)
      .set({ ...next, updatedAt: new Date(), ...(next.disabled ? { sessionsRevokedAt: new Date() } : {}) })
      .where(eq(users.id, userId))
      .returning(userColumns);
    if (next.disabled) await endSessionsOf(tx, userId, "disabled");
    await recordAudit(tx, actor, {
      action: next.role !== undefined ? "user.role_changed" : next.disabled ? "user.disabled" : "user.enabled",
      entityType: "user",
      entityId: userId,
      detail: { email: target.email, ...changes },
    });
    return updated;
  });
}

export function setUserRole(actor: Actor, userId: string, role: Role) {
  return updateAccess(actor, userId, { role });
}

export function setUserDisabled(actor: Actor, userId: string, disabled: boolean) {
  return updateAccess(actor, userId, { disabled });
}

/** An admin resets someone's password: a new one is generated, shown once, and must be changed. */
export async function resetUserPassword(actor: Actor, userId: string): Promise<string> {
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  await getDb().transaction(async (tx) => {
    const [updated] = await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: true, sessionsRevokedAt: new Date(), updatedAt: new Date() })
      .where(eq(users.id, userId))
      .returning({ id: users.id, email: users.email });
    if (!updated) throw new AppError("user_not_found");
    await endSessionsOf(tx, userId, "password_reset");
    await recordAudit(tx, actor, {
      action: "user.password_reset",
      entityType: "user",
      entityId: userId,
      detail: { email: updated.email },
    });
  });
  return password;
}

/**
 * Changes the signed-in user's own password. Every other session of theirs ends (a session
 * someone else holds is what a password change is often for); the one making the change
 * (`actor.sessionId`) goes on.
 */
export async function changeOwnPassword(
  actor: Actor & { id: string; sessionId?: string | null },
  current: string,
  next: string,
): Promise<void> {
  // Guessing the current password from a borrowed session is throttled like a sign-in.
  const keys: ThrottleKey[] = [{ key: `password-change:${actor.id}`, kind: "progressive" }];
  if ((await reserveAttempt(keys)) > 0) throw new AppError("password_change_throttled", "currentPassword");
  const [row] = await getDb().select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, actor.id));
  if (!row || !(await verifyPassword(row.passwordHash, current))) {
    // A wrong current password from a signed-in session may be someone else at that desk.
    await recordAudit(getDb(), actor, {
      action: "user.password_change_failed",
      entityType: "user",
      entityId: actor.id,
      detail: { email: actor.email },
    });
    throw new AppError("current_password_wrong", "currentPassword");
  }
  await releaseAttempt(keys);
  const passwordHash = await hashPassword(next);
  await getDb().transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: false, updatedAt: new Date() })
      .where(and(eq(users.id, actor.id)));
    const otherSessionsEnded = await endSessionsOf(tx, actor.id, "password_changed", actor.sessionId ?? null);
    await recordAudit(tx, actor, {
      action: "user.password_changed",
      entityType: "user",
      entityId: actor.id,
      detail: { email: actor.email, otherSessionsEnded },
    });
  });
}

export async function setUserLocale(userId: string, locale: "nl" | "en"): Promise<void> {
  await getDb().update(users).set({ locale }).where(eq(users.id, userId));
}

/** A sign-in that passed every check: its time, its server-side session and its audit event together. Returns the session's id. */
export async function recordSignIn(user: { id: string; email: string }, address: string | null): Promise<string> {
  return getDb().transaction(async (tx) => {
    await tx.update(users).set({ lastSignInAt: new Date() }).where(eq(users.id, user.id));
    const id = await startSession(tx, user.id);
    await recordAudit(tx, user, {
      action: "user.signed_in",
      entityType: "user",
      entityId: user.id,
      detail: { email: user.email, address },
    });
    return id;
  });
}

/** The language of each address that is a portal user's (their own choice), by lower-cased address. */
export async function localesOfAddresses(addresses: string[]): Promise<Map<string, Locale>> {
  const rows = await getDb()
    .select({ email: users.email, locale: users.locale })
    .from(users)
    .where(
      inArray(
        sql`lower(${users.email})`,
        addresses.map((a) => a.toLowerCase()),
      ),
    );
  return new Map(rows.map((r) => [r.email.toLowerCase(), r.locale as Locale]));
}
