import "server-only";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { auth } from "@/auth";
import { getUser, type UserDto } from "@/lib/data/users";
import { can, type Permission } from "./permissions";

export type CurrentUser = UserDto;

/**
 * The signed-in user as the database has them now, or null. The session only names the
 * user; a disabled user gets null here, so they lose access on their next request.
 * Cached per request, so a page and its layout read the user once.
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  const user = await getUser(id);
  return user && !user.disabled ? user : null;
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
