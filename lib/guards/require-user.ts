import "server-only";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { can, type Permission } from "@/lib/auth/permissions";
import { refusalOf } from "@/lib/auth/refusal-of";
import { sessionPredates } from "@/lib/auth/session-predates";
import { isSessionLive } from "@/lib/data/user-sessions";
import { getUser } from "@/lib/data/users";
import { auth } from "@/lib/guards/next-auth";
import { auditRefusal } from "./audit-refusal";
import type { CurrentUser } from "./current-user";

/**
 * The signed-in user as the database has them now, or null. The session only names the
 * user and its server-side session; a disabled user, or a session that was signed out, ended
 * by a password change or outlived SESSION_MAX_AGE, gets null here, so access ends on the
 * next request. Cached per request, so a page and its layout read the user once.
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await auth();
  const id = session?.user?.id;
  const sessionId = session?.sessionId;
  // A cookie without a session id comes from before server-side sessions: sign in again.
  if (!id || !sessionId) return null;
  const [user, live] = await Promise.all([getUser(id), isSessionLive(sessionId, id)]);
  if (!user || user.disabled || !live) return null;
  // A disable or a password reset ends every session issued before it, even after re-enabling.
  if (user.sessionsRevokedAt && sessionPredates(session.signedInAt, user.sessionsRevokedAt)) return null;
  return { ...user, sessionId };
});

/** For pages: signed in, active, and past the forced password change. */
export async function requireUser(opts: { allowPasswordChange?: boolean } = {}): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  if (user.mustChangePassword && !opts.allowPasswordChange) redirect("/account/password");
  return user;
}

/** For pages: answers 403 (app/forbidden.tsx) when the user lacks the permission. */
export async function requirePermission(permission: Permission): Promise<CurrentUser> {
  const user = await requireUser();
  if (!can(user.role, permission)) forbidden();
  return user;
}

export function requireAdmin(): Promise<CurrentUser> {
  return requirePermission("users.manage");
}

/**
 * For route handlers that a browser navigates to: the user with the permission, or the
 * response to send instead — sign-in for a stranger; for the wrong role (audited, as a
 * refused action is) the portal's Geen toegang page, not a bare 403, and for a user who must
 * first choose a password, that page's way to it.
 */
export async function userForRoute(
  request: Request,
  permission: Permission,
): Promise<{ user: CurrentUser; response?: never } | { user?: never; response: Response }> {
  const user = await getCurrentUser();
  if (!user) return { response: Response.redirect(new URL("/login", request.url), 303) };
  const refusal = refusalOf(user, permission);
  if (refusal) {
    await auditRefusal(user, permission, refusal);
    return { response: Response.redirect(new URL("/no-access", request.url), 303) };
  }
  return { user };
}
