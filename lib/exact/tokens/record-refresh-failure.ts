import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { and, desc, eq, gt, ne } from "drizzle-orm";
import { getDb } from "@/db/client";
import { oauthLogins } from "@/db/schema";
import { SYSTEM_ACTOR } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/audit-events";
import { now } from "@/lib/clock";
import type { ExactFailure } from "@/lib/exact/errors/classify-exact-error";
import { logger } from "@/lib/log/logger";
import { announceTokenChange } from "./token-changes";
import type { TokenRow } from "./token-row";

/**
 * Why a chain Exact calls spent ("Old refresh token used") died, in the words a person can
 * act on: a newer consent by the same Exact user for the same app retires the older chain;
 * otherwise, when a refresh of ours may have reached Exact without its answer reaching us,
 * that lost answer is the cause.
 */
async function reasonForSpentChain(row: TokenRow): Promise<{ reason: string; values: Record<string, string> | null }> {
  if (row.exactUserId) {
    const since = row.lastRefreshAt ?? row.consentedAt;
    const [newer] = await getDb()
      .select({ description: oauthLogins.description })
      .from(oauthLogins)
      .where(
        and(
          ne(oauthLogins.id, row.id),
          eq(oauthLogins.site, row.site),
          eq(oauthLogins.exactUserId, row.exactUserId),
          since ? gt(oauthLogins.consentedAt, since) : undefined,
        ),
      )
      .orderBy(desc(oauthLogins.consentedAt))
      .limit(1);
    if (newer) return { reason: "refresh_chain_superseded", values: { login: newer.description } };
  }
  if (row.refreshInDoubtAt) return { reason: "refresh_answer_lost", values: null };
  return { reason: "refresh_token_reused", values: null };
}

/**
 * Writes what a failed refresh means for the login and releases the lease: Exact's word that
 * the chain is dead → needs_reauth (audited); a refused app registration → error; anything
 * else keeps the tokens and the status, with the reason, and is tried again later. A call
 * that may have reached Exact without an answer marks the refresh in doubt.
 */
export async function recordRefreshFailure(
  row: TokenRow,
  owner: string,
  failure: ExactFailure,
  mayHaveReachedExact: boolean,
): Promise<void> {
  const at = now();
  let reason = failure.reason;
  let values: Record<string, string> | null = failure.values ?? null;
  if (failure.login === "dead" && reason === "refresh_token_reused")
    ({ reason, values } = await reasonForSpentChain(row));
  // Given up on while Exact may still be working on it: whether Exact rotated the token is
  // unknown until the next refresh (which either works, or meets "Old refresh token used").
  if (mayHaveReachedExact && failure.code === "exact_timeout") reason = "refresh_in_doubt";
  const dead = failure.login === "dead";
  const set = {
    refreshLeaseOwner: null,
    refreshLeaseUntil: null,
    lastCheckAt: at,
    ...(failure.login === "too_early" ? {} : { lastError: reason, lastErrorValues: values }),
    ...(dead ? { status: "needs_reauth" as const } : failure.login === "client" ? { status: "error" as const } : {}),
    ...(mayHaveReachedExact && !dead ? { refreshInDoubtAt: row.refreshInDoubtAt ?? at } : {}),
  };
  for (let attempt = 0; ; attempt++) {
    try {
      await getDb().transaction(async (tx) => {
        await tx
          .update(oauthLogins)
          .set(set)
          .where(and(eq(oauthLogins.id, row.id), eq(oauthLogins.refreshLeaseOwner, owner)));
        if (dead) {
          await recordAudit(tx, SYSTEM_ACTOR, {
            action: "oauth_login.needs_reauth",
            entityType: "oauth_login",
            entityId: row.id,
            environmentId: row.environmentId,
            detail: { description: row.description, reason, ...(values ?? {}) },
          });
        }
      });
      await announceTokenChange(row.id);
      return;
    } catch (e) {
      // Unrecorded, the lease still runs out by itself; a dead chain is found again next time.
      if (attempt >= 2) return logger.error({ loginId: row.id, err: e }, "a failed refresh could not be recorded");
      await sleep(250 * (attempt + 1));
    }
  }
}
