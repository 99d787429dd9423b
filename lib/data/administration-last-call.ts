import "server-only";
import { and, eq, not, sql } from "drizzle-orm";
import { getDb, getSql } from "@/db/client";
import { administrations } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/audit-events";
import { now } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/log/logger";
import { coalescedWriter } from "./coalesced-writer";
import { storedFailureCode } from "./stored-failure-code";

/** How long a recorded success stands for the successes after it. */
const LAST_CALL_OK_FRESH_MS = 60_000;

/**
 * The outcome of a call over an administration's route: `null` when it worked. A failure is
 * always written; a success only when the row does not already say "worked" from within the
 * last minute (and later than the last test): an API caller's busy minute would otherwise
 * queue every one of its calls on this one row's lock.
 */
export async function recordLastCall(
  administrationId: string,
  failure: AppError | null,
  viaProxy = false,
): Promise<void> {
  const at = now();
  // Through a proxy, a failure on the way is kept only as "the proxy failed" (stored-failure-code.ts).
  const code = failure && storedFailureCode(failure.code, viaProxy);
  const error = failure && code !== failure.code ? new AppError(code as string) : failure;
  const values = error?.values
    ? Object.fromEntries(Object.entries(error.values).map(([k, v]) => [k, String(v)]))
    : null;
  // Successes arriving together are written together (the call's answer need not wait on this
  // row's lock behind fifty others); a failure is written at once, as before.
  if (!error) return recordSuccess({ administrationId, at });
  const a = administrations;
  const fresh = new Date(at.getTime() - LAST_CALL_OK_FRESH_MS).toISOString();
  // In parentheses of its own: drizzle's not() puts none around raw SQL.
  const alreadySaid = sql`(${a.lastCallOk} is true and ${a.lastCallAt} > ${fresh}::timestamptz
    and (${a.lastTestAt} is null or ${a.lastCallAt} >= ${a.lastTestAt}))`;
  await getDb()
    .update(a)
    .set(
      error
        ? { lastCallAt: at, lastCallOk: false, lastCallError: error.code, lastCallErrorValues: values }
        : { lastCallAt: at, lastCallOk: true, lastCallError: null, lastCallErrorValues: null, lastCallOkAt: at },
    )
    .where(error ? eq(a.id, administrationId) : and(eq(a.id, administrationId), not(alreadySaid)))
    .catch((e) => logger.warn({ administrationId, err: String(e) }, "Could not record an administration's last call"));
}

/**
 * Successes, several administrations in one statement, each written only when the row does not
 * already say "worked" from within the last minute (see above), and never over a later outcome
 * (a failure recorded meanwhile by another caller stays).
 */
const recordSuccess = coalescedWriter<{ administrationId: string; at: Date }>(async (items) => {
  const latest = new Map<string, Date>();
  for (const { administrationId, at } of items) {
    const seen = latest.get(administrationId);
    if (!seen || seen < at) latest.set(administrationId, at);
  }
  const sql = getSql();
  const ids = [...latest.keys()];
  const ats = [...latest.values()].map((at) => at.toISOString());
  await sql`
    update administrations a set last_call_at = v.at, last_call_ok = true, last_call_error = null,
      last_call_error_values = null, last_call_ok_at = v.at
    from unnest(${sql.array(ids)}::uuid[], ${sql.array(ats)}::timestamptz[]) as v(id, at)
    where a.id = v.id
      and (a.last_call_at is null or a.last_call_at <= v.at)
      and not (a.last_call_ok is true and a.last_call_at > v.at - ${`${LAST_CALL_OK_FRESH_MS} milliseconds`}::interval
        and (a.last_test_at is null or a.last_call_at >= a.last_test_at))`.catch((e) =>
    logger.warn({ administrationIds: ids, err: String(e) }, "Could not record an administration's last call"),
  );
});

/**
 * Verbinding testen's outcome, shown beside the administration until the next test, and
 * audited (who tested, and whether it worked; the reason's code on a failure).
 */
export async function recordConnectionTest(
  actor: Actor,
  administrationId: string,
  outcome: {
    succeeded: boolean;
    message: string;
    reason?: string;
    /** The precise reason and its values (admins only; `reason` is what everyone may read). */
    precise?: { code: string; values?: Record<string, string | number> };
  },
): Promise<void> {
  const values = outcome.precise?.values
    ? Object.fromEntries(Object.entries(outcome.precise.values).map(([k, v]) => [k, String(v)]))
    : null;
  await getDb().transaction(async (tx) => {
    const [row] = await tx
      .update(administrations)
      .set({
        lastTestAt: now(),
        lastTestOk: outcome.succeeded,
        lastTestMessage: outcome.message,
        lastTestReason: outcome.precise?.code ?? null,
        lastTestReasonValues: values,
      })
      .where(eq(administrations.id, administrationId))
      .returning({ environmentId: administrations.environmentId, description: administrations.description });
    if (!row) return;
    await recordAudit(tx, actor, {
      action: "administration.connection_tested",
      entityType: "administration",
      entityId: administrationId,
      environmentId: row.environmentId,
      detail: {
        description: row.description,
        succeeded: outcome.succeeded,
        ...(outcome.reason ? { reason: outcome.reason } : {}),
      },
    });
  });
}
