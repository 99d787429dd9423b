import "server-only";
import { SYSTEM_ACTOR } from "@/lib/audit/actor";
import { now } from "@/lib/clock";
import { linkedLoginsNotRefreshedSince, recordExactUser } from "@/lib/data/oauth-logins";
import { isAppError } from "@/lib/errors";
import { readCurrentMe } from "@/lib/exact/read-current-me";
import { logger } from "@/lib/log/logger";
import { parseDuration } from "@/lib/parse-duration";

// Exact lets a refresh token live about 30 days unused: a link nobody uses dies on Exact's side
// and nobody is told. The keep-alive refreshes every linked login before that, through the
// token lease like any other caller, and reads current/Me so "last check" is real.

/** How long a login may go without a refresh before the keep-alive refreshes it. */
export function keepAliveAfterMs(): number {
  return parseDuration(process.env.KEEPALIVE_AFTER ?? "1d");
}

export function keepAliveCron(): string {
  return process.env.KEEPALIVE_CRON ?? "0 * * * *";
}

/** Linked logins whose last refresh is older than `afterMs`: the ones the keep-alive visits. */
export async function loginsDueForKeepAlive(afterMs = keepAliveAfterMs()): Promise<string[]> {
  return linkedLoginsNotRefreshedSince(new Date(now().getTime() - afterMs));
}

export type KeepAliveOutcome = "checked" | "dead" | "gone";

/**
 * One login's keep-alive: its token through the token store (a refresh when it is due: never
 * earlier than Exact allows), then current/Me with it. A passing failure is thrown, so the
 * queue tries again with back-off; a login dies only on Exact's word, which the token store
 * has already recorded.
 */
export async function keepAliveLogin(loginId: string): Promise<KeepAliveOutcome> {
  try {
    const me = await readCurrentMe({ loginId, caller: "keepalive" });
    await recordExactUser(SYSTEM_ACTOR, loginId, me);
    return "checked";
  } catch (e) {
    if (isAppError(e) && (e.code === "needs_reauth" || e.code === "not_authorized")) return "dead";
    if (isAppError(e) && e.code === "oauth_login_not_found") return "gone";
    logger.warn({ loginId, err: e }, "keep-alive failed; the queue tries again later");
    throw e;
  }
}
