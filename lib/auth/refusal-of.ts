import { can, type Permission, type Role } from "./permissions";

/** Why an action is refused to a signed-in user: their role lacks the permission, or they must first choose their own password. */
export type Refusal = "role" | "password_change_required";

export function refusalOf(user: { role: Role; mustChangePassword: boolean }, permission: Permission): Refusal | null {
  if (user.mustChangePassword) return "password_change_required";
  return can(user.role, permission) ? null : "role";
}
