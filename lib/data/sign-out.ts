import "server-only";
import { getDb } from "@/db/client";
import type { Actor } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/audit-events";
import { endSession } from "./user-sessions";

/** A sign-out: the session ends on the server, audited once (a second sign-out of it is no event). */
export async function endSignedInSession(sessionId: string, actor: Actor & { id: string }): Promise<void> {
  await getDb().transaction(async (tx) => {
    if (!(await endSession(tx, sessionId, "signed_out"))) return;
    await recordAudit(tx, actor, {
      action: "user.signed_out",
      entityType: "user",
      entityId: actor.id,
      detail: { email: actor.email },
    });
  });
}
