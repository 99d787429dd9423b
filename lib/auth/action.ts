import "server-only";
import type { z } from "zod";
import { isAppError } from "@/lib/errors";
import { logger } from "@/lib/log/logger";
import { can, type Permission } from "./permissions";
import { type CurrentUser, getCurrentUser } from "./session";

export type FieldErrors = Record<string, string[]>;
export type ActionResult<T = null> =
  | { ok: true; data: T }
  | { ok: false; fieldErrors?: FieldErrors; formError?: string; values?: Record<string, string | number> };

/**
 * The one wrapper every server action goes through: it re-reads the user, checks the
 * permission, parses the input with the form's own zod schema, and turns failures into
 * message keys. Nothing runs when any step fails. Raw errors go to the log, not the page.
 */
export function guardedAction<S extends z.ZodType, T>(
  permission: Permission | "signed-in",
  schema: S,
  fn: (input: z.output<S>, user: CurrentUser) => Promise<T>,
): (input: z.input<S>) => Promise<ActionResult<T>> {
  return async (input) => {
    const user = await getCurrentUser();
    if (!user) return { ok: false, formError: "unauthenticated" };
    if (permission !== "signed-in" && (user.mustChangePassword || !can(user.role, permission))) {
      logger.warn({ userId: user.id, permission }, "action refused");
      return { ok: false, formError: "forbidden" };
    }
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      const fieldErrors: FieldErrors = {};
      for (const issue of parsed.error.issues) {
        const key = issue.path.join(".") || "_form";
        fieldErrors[key] = [...(fieldErrors[key] ?? []), issue.message];
      }
      return { ok: false, fieldErrors };
    }
    try {
      return { ok: true, data: await fn(parsed.data, user) };
    } catch (e) {
      if (isAppError(e)) {
        return e.field
          ? { ok: false, fieldErrors: { [e.field]: [e.code] } }
          : { ok: false, formError: e.code, values: e.values };
      }
      logger.error({ err: e, userId: user.id }, "action failed");
      return { ok: false, formError: "unexpected" };
    }
  };
}
