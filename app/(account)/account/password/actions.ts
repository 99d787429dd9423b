"use server";

import { guardedAction } from "@/lib/auth/action";
import { changeOwnPassword } from "@/lib/data/users";
import { changePasswordSchema } from "@/lib/schemas/users";

export const changePasswordAction = guardedAction(
  "signed-in",
  changePasswordSchema,
  async ({ currentPassword, newPassword }, user) => {
    await changeOwnPassword(user, currentPassword, newPassword);
    return null;
  },
);
