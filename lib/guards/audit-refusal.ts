import "server-only";
import { headers } from "next/headers";
import type { Permission } from "@/lib/auth/permissions";
import { refererPath } from "@/lib/auth/referer-path";
import type { Refusal } from "@/lib/auth/refusal-of";
import { recordRefusedAction } from "@/lib/data/record-refused-action";
import { logger } from "@/lib/log/logger";
import type { CurrentUser } from "./current-user";

/**
 * Audits what the portal refused a signed-in user, with the permission and the page it came
 * from. The audit of a refusal never turns the refusal into another answer: a failure to write
 * it is logged.
 */
export async function auditRefusal(user: CurrentUser, permission: Permission, reason: Refusal): Promise<void> {
  logger.warn({ userId: user.id, permission, refusal: reason }, "action refused");
  try {
    const path = refererPath((await headers()).get("referer"));
    await recordRefusedAction(user, { permission, reason, path });
  } catch (e) {
    logger.error({ err: e, userId: user.id }, "a refused action could not be audited");
  }
}
