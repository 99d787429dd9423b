"use server";

import { chooseEnvironment } from "@/lib/data/environments";
import { AppError } from "@/lib/errors";
import { guardedAction } from "@/lib/guards/guarded-action";
import { chooseEnvironmentSchema } from "@/lib/schemas/preferences";

export const chooseEnvironmentAction = guardedAction(
  "portal.read",
  chooseEnvironmentSchema,
  async ({ environmentId }, user) => {
    if (!(await chooseEnvironment(user.id, environmentId))) throw new AppError("environment_not_found");
    return null;
  },
);
