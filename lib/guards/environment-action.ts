import "server-only";
import type { z } from "zod";
import type { Permission } from "@/lib/auth/permissions";
import { type EnvironmentDto, environmentOf } from "@/lib/data/environments";
import { AppError } from "@/lib/errors";
import type { ActionResult } from "@/lib/forms/action-result";
import type { CurrentUser } from "./current-user";
import { type ActionOptions, guardedAction } from "./guarded-action";

/** Who acts, and the environment they act in: every record the action touches belongs to it. */
export type EnvironmentScope = { user: CurrentUser; environment: EnvironmentDto };

/**
 * guardedAction for the actions on one environment's logins, administrations, divisions,
 * settings and API keys: after the same checks (user, permission, input), the handler is
 * handed the user's current environment, read once per request, so no action looks it up
 * itself. The caller sends the id of the environment its page was rendered for; when the user
 * has switched since (in another tab), nothing is done and the person is told in words: a stale
 * tab must not create or change records in the other environment.
 */
export function environmentAction<S extends z.ZodType, T>(
  permission: Permission,
  schema: S,
  fn: (input: z.output<S>, scope: EnvironmentScope) => Promise<T>,
  options?: ActionOptions,
): (input: z.input<S>, renderedEnvironmentId: string) => Promise<ActionResult<T>> {
  return (input, renderedEnvironmentId) =>
    guardedAction(
      permission,
      schema,
      async (parsed, user) => {
        const environment = await environmentOf(user);
        if (renderedEnvironmentId !== environment.id) {
          throw new AppError("environment_changed", undefined, { environment: environment.name });
        }
        return fn(parsed, { user, environment });
      },
      options,
    )(input);
}
