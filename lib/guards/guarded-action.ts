import "server-only";
import type { z } from "zod";
import type { Permission } from "@/lib/auth/permissions";
import { refusalOf } from "@/lib/auth/refusal-of";
import { isAppError } from "@/lib/errors";
import type { ActionResult } from "@/lib/forms/action-result";
import { fieldErrorsOf } from "@/lib/forms/field-errors-of";
import { logger } from "@/lib/log/logger";
import { withSpan } from "@/lib/telemetry/with-span";
import { auditRefusal } from "./audit-refusal";
import type { CurrentUser } from "./current-user";
import { getCurrentUser } from "./require-user";

export type ActionOptions = {
  /**
   * The key of the input that holds the form's own values (an update sends `{ <id>, values }`):
   * field errors under it are named as the form names its fields.
   */
  fieldsUnder?: string;
};

/**
 * The one wrapper every server action goes through: it re-reads the user, checks the
 * permission, parses the input with the form's own zod schema, and turns failures into
 * message keys. Nothing runs when any step fails. Raw errors go to the log, not the page.
 * A refusal (a viewer trying a change, a user who must first change the password trying
 * anything) is audited with the permission and the page it came from.
 */
export function guardedAction<S extends z.ZodType, T>(
  permission: Permission | "signed-in",
  schema: S,
  fn: (input: z.output<S>, user: CurrentUser) => Promise<T>,
  options: ActionOptions = {},
): (input: z.input<S>) => Promise<ActionResult<T>> {
  const run = async (input: z.input<S>): Promise<ActionResult<T>> => {
    const user = await getCurrentUser();
    if (!user) return { ok: false, formError: "unauthenticated" };
    const refusal = permission === "signed-in" ? null : refusalOf(user, permission);
    if (refusal && permission !== "signed-in") {
      await auditRefusal(user, permission, refusal);
      return { ok: false, formError: "forbidden" };
    }
    const parsed = schema.safeParse(input);
    if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error.issues, options.fieldsUnder) };
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
  // A span per action when tracing is on: its permission, and ok or the form error's key.
  return (input) =>
    withSpan(
      "server action",
      { "koppeling.action.permission": permission },
      () => run(input),
      (r) => (r.ok ? "ok" : (r.formError ?? "invalid")),
    );
}
