import "server-only";
import { recordAuditNow } from "@/lib/audit/audit-events";
import type { ExactMethod } from "@/lib/exact/api/exact-request";
import { logger } from "@/lib/log/logger";
import { apiError } from "./api-error";
import type { ApiCaller } from "./authenticate-api-key";

// What an API key's scope means for the Exact pass-through, and the audit of its writes.
// A `read` key may GET (listings are reads); only a `read-write` key may POST, PUT or DELETE.

/**
 * 403 for a write with a `read` key, or null. Asked before anything else is done with the
 * request — before its body is read and before Exact is called — so a refused write costs
 * Exact nothing and counts towards no budget.
 */
export function refuseWriteWithReadKey(caller: ApiCaller, method: ExactMethod): Response | null {
  if (method === "GET" || caller.scope !== "read") return null;
  return apiError(
    403,
    "api_key_read_only",
    `This API key may only read (GET): ${method} writes in Exact and needs a key with the read-write scope. An administrator makes one in the portal (Systeem › API-sleutels).`,
    { scope: caller.scope },
  );
}

/** Who wrote through the API, as the audit log keeps it: not a user, the key (named in the detail). */
export const API_KEY_ACTOR = { id: null, email: "api" } as const;

export type ExactWrite = {
  administration: { id: string; description: string };
  method: ExactMethod;
  /** The Exact path as it was called, without the query: its values (filters, names) stay out of the audit log. */
  exactPath: string;
  /** Exact's answer, or the failure met on the way when there was none (`exact_timeout`, …). */
  outcome: { status: number } | { failure: string };
};

/**
 * A write through the pass-through (POST, PUT, DELETE) in the audit log: the administration,
 * the key by name and prefix, the method, the path and Exact's status. Never a query value, a
 * body or a token. Written after Exact answered, outside any transaction (the change is
 * Exact's): a failure to write it is logged, and the caller still gets Exact's answer, since
 * the write was done and a 500 would invite a second one.
 */
export async function recordExactWrite(caller: ApiCaller, write: ExactWrite): Promise<void> {
  if (write.method === "GET") return;
  const outcome = "status" in write.outcome ? { exactStatus: write.outcome.status } : { reason: write.outcome.failure };
  try {
    await recordAuditNow(API_KEY_ACTOR, {
      action: "administration.exact_write",
      entityType: "administration",
      entityId: write.administration.id,
      environmentId: caller.environmentId,
      detail: {
        description: write.administration.description,
        caller: caller.name,
        prefix: caller.prefix,
        method: write.method,
        exactPath: write.exactPath,
        ...outcome,
      },
    });
  } catch (err) {
    logger.error({ err, apiKey: caller.prefix, method: write.method }, "write through the API not audited");
  }
}
