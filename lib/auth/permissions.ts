export const ROLES = ["admin", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export type Permission = "users.manage" | "settings.change" | "api_keys.manage" | "audit.read" | "portal.read";

const GRANTS: Record<Role, readonly Permission[]> = {
  admin: ["users.manage", "settings.change", "api_keys.manage", "audit.read", "portal.read"],
  // Team leads read everything except secrets, API keys and user management; they change nothing.
  viewer: ["audit.read", "portal.read"],
};

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

type UserState = { id: string; role: Role; disabled: boolean };

/**
 * Whether changing `target` to `next` would leave no active admin. `activeAdmins` are the
 * ids of every admin that is not disabled, read inside the same transaction.
 */
export function removesLastAdmin(
  activeAdmins: readonly string[],
  target: UserState,
  next: { role?: Role; disabled?: boolean },
): boolean {
  const isActiveAdmin = target.role === "admin" && !target.disabled;
  if (!isActiveAdmin) return false;
  const staysActiveAdmin = (next.role ?? target.role) === "admin" && !(next.disabled ?? target.disabled);
  if (staysActiveAdmin) return false;
  return activeAdmins.filter((id) => id !== target.id).length === 0;
}
