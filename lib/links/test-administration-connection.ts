import "server-only";
import type { Actor } from "@/lib/audit/actor";
import { recordConnectionTest } from "@/lib/data/administration-last-call";
import { recordExactUser } from "@/lib/data/oauth-logins";
import { storedFailureCode } from "@/lib/data/stored-failure-code";
import { isAppError } from "@/lib/errors";
import { logger } from "@/lib/log/logger";
import { administrationTarget } from "./administration-route";
import { readUserDivisions } from "./read-user-divisions";

/**
 * "Verbinding testen": current/Me, then {CurrentDivision}/system/Divisions, through the
 * administration's login and proxy. The outcome is stored on the administration (last_test_*);
 * a failure is stored as its error code (only "the proxy failed" for a failure on the way
 * through the proxy: stored-failure-code.ts; the precise one beside it, for admins) and thrown on. Who Exact says the login's user is
 * is kept on the login, a change of user audited (recordExactUser).
 */
export async function testAdministrationConnection(
  actor: Actor,
  administrationId: string,
): Promise<{ exactUserName: string; exactFullName: string; divisionCount: number; ms: number }> {
  let viaProxy = false;
  try {
    const target = await administrationTarget(administrationId, "test");
    viaProxy = Boolean(target.proxy);
    const started = performance.now();
    // CurrentDivision only fills the path: Divisions lists every division the user may use.
    const { me, records: divisions } = await readUserDivisions<{ Code: number }>(target, "Code");
    const ms = Math.round(performance.now() - started);
    const result = {
      exactUserName: me.userName,
      exactFullName: me.fullName,
      divisionCount: divisions.length,
      ms,
    };
    await recordExactUser(actor, target.loginId, me);
    const message = `${result.exactUserName}: ${result.divisionCount} divisions, ${ms} ms`;
    await recordConnectionTest(actor, administrationId, { succeeded: true, message });
    return result;
  } catch (e) {
    if (isAppError(e) && e.code === "administration_not_found") throw e;
    const code = isAppError(e) ? e.code : "unexpected";
    if (!isAppError(e)) logger.error({ administrationId, err: e }, "administration connection test failed");
    const reason = storedFailureCode(code, viaProxy);
    const precise = { code, values: isAppError(e) ? e.values : undefined };
    await recordConnectionTest(actor, administrationId, { succeeded: false, message: reason, reason, precise });
    throw e;
  }
}
