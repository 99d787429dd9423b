"use server";

import { revalidatePath } from "next/cache";
import { createUser, resetUserPassword, setUserDisabled, setUserRole } from "@/lib/data/users";
import { guardedAction } from "@/lib/guards/guarded-action";
import { createUserSchema, setDisabledSchema, setRoleSchema, userIdSchema } from "@/lib/schemas/users";

// Thin: the wrapper checks the admin and parses with the form's schema; lib/data does the work.

export const createUserAction = guardedAction("users.manage", createUserSchema, async (input, user) => {
  const { user: created, generatedPassword } = await createUser(user, {
    ...input,
    password: input.password || undefined,
    // A password an admin chose is known to the admin too: like a generated one, it is
    // changed at the user's first sign-in.
    mustChangePassword: true,
  });
  revalidatePath("/users");
  return { email: created.email, name: created.name, generatedPassword: generatedPassword ?? null };
});

export const setUserRoleAction = guardedAction("users.manage", setRoleSchema, async ({ userId, role }, user) => {
  await setUserRole(user, userId, role);
  revalidatePath("/users");
  return null;
});

export const setUserDisabledAction = guardedAction(
  "users.manage",
  setDisabledSchema,
  async ({ userId, disabled }, user) => {
    await setUserDisabled(user, userId, disabled);
    revalidatePath("/users");
    return null;
  },
);

export const resetUserPasswordAction = guardedAction("users.manage", userIdSchema, async ({ userId }, user) => {
  const password = await resetUserPassword(user, userId);
  revalidatePath("/users");
  return { password };
});
