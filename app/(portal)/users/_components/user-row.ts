import type { Role } from "@/lib/auth/permissions";

/** What the users screen gets of a user: no hash, no secrets. */
export type UserRow = {
  id: string;
  name: string;
  email: string;
  role: Role;
  disabled: boolean;
  mustChangePassword: boolean;
  lastSignInAt: string | null;
};
