"use server";

import { changeOwnPassword } from "@/lib/data/users";
import { guardedAction } from "@/lib/guards/guarded-action";
import { changePasswordSchema } from "@/lib/schemas/users";

export const changePasswordAction = guardedAction(
  "signed-in",
  changePasswordSchema,
  async ({ currentPassword, newPassword }, user) => {
    await changeOwnPassword(user, currentPassword, newPassword);
    return null;
  },
);
