import "server-only";
import type { z } from "zod";
import { type EnvironmentDto, environmentOf } from "@/lib/data/environments";
import type { ActionResult } from "@/lib/forms/action-result";
import { type ActionOptions, guardedAction } from "./action";
import type { Permission } from "./permissions";
import type { CurrentUser } from "./session";

/** Who acts, and the environment they act in: every record the action touches belongs to it. */
export type EnvironmentScope = { user: CurrentUser; environment: EnvironmentDto };

/**
 * guardedAction for the actions on one environment's logins, administrations, divisions and
 * settings: after the same checks (user, permission, input), the handler is handed the
 * user's current environment, read once per request, so no action looks it up itself.
 */
export function environmentAction<S extends z.ZodType, T>(
  permission: Permission,
  schema: S,
  fn: (input: z.output<S>, scope: EnvironmentScope) => Promise<T>,
  options?: ActionOptions,
): (input: z.input<S>) => Promise<ActionResult<T>> {
  return guardedAction(
    permission,
    schema,
    async (input, user) => fn(input, { user, environment: await environmentOf(user) }),
    options,
  );
}
