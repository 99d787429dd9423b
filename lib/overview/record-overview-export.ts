import "server-only";
import type { Actor } from "@/lib/audit/actor";
import { recordAuditNow } from "@/lib/audit/audit-events";

/** Who took which part of the overview away as CSV, and how much of it (and whether all of it went out). */
export async function recordOverviewExport(
  actor: Actor,
  environment: { id: string; name: string },
  filter: string,
  rows: number,
  complete: boolean,
): Promise<void> {
  await recordAuditNow(actor, {
    action: "environment.overview_exported",
    entityType: "environment",
    entityId: environment.id,
    environmentId: environment.id,
    detail: { name: environment.name, filter, rows, complete },
  });
}
