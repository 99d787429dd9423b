import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { administrations } from "@/db/schema";
import { now } from "@/lib/clock";
import { proxyPasswordColumn } from "@/lib/crypto/secret-columns";
import { AppError, isAppError } from "@/lib/errors";
import { logger } from "@/lib/log/logger";
import { exactGetAll, type ProxySettings } from "./exact-api";

// An administration reaches Exact through its OAuth login and, when set, its own proxy:
// every call made for it (and the token refresh such a call may trigger) takes that route.

/** The administration's login and proxy (password decrypted), for exactGetAll. */
export async function proxyOfAdministration(
  administrationId: string,
): Promise<{ loginId: string | null; proxy: ProxySettings | null }> {
  const [row] = await getDb()
    .select({
      loginId: administrations.oauthLoginId,
      server: administrations.proxyServer,
      username: administrations.proxyUsername,
      passwordEnc: administrations.proxyPasswordEnc,
      domain: administrations.proxyDomain,
    })
    .from(administrations)
    .where(eq(administrations.id, administrationId));
  if (!row) throw new AppError("administration_not_found");
  const server = row.server?.trim();
  if (!server) return { loginId: row.loginId, proxy: null };
  return {
    loginId: row.loginId,
    proxy: {
      server,
      username: row.username,
      password: row.passwordEnc ? proxyPasswordColumn.open(administrationId, row.passwordEnc) : null,
      domain: row.domain,
    },
  };
}

/** current/Me's fields used here. */
type Me = { UserName?: string; FullName?: string; CurrentDivision?: number | null };

type DivisionRecord = { Code: number; Description?: string; Hid?: string; Status?: number; BlockingStatus?: number };

/** The administration's route to Exact; a person is waiting for every call made here. */
async function targetOf(administrationId: string) {
  const { loginId, proxy } = await proxyOfAdministration(administrationId);
  if (!loginId) throw new AppError("administration_has_no_login");
  return { loginId, proxy, interactive: true };
}

async function currentMe(target: Awaited<ReturnType<typeof targetOf>>): Promise<Me & { CurrentDivision: number }> {
  const [me] = await exactGetAll<Me>(target, "current/Me");
  if (typeof me?.CurrentDivision !== "number") throw new AppError("exact_no_current_division");
  return me as Me & { CurrentDivision: number };
}

/**
 * "Verbinding testen": current/Me, then {CurrentDivision}/system/Divisions, through the
 * administration's login and proxy. The outcome is stored on the administration (last_test_*);
 * a failure is stored as its error code and thrown on.
 */
export async function testAdministrationConnection(
  administrationId: string,
): Promise<{ exactUserName: string; exactFullName: string; divisionCount: number; ms: number }> {
  const record = (ok: boolean, message: string) =>
    getDb()
      .update(administrations)
      .set({ lastTestAt: now(), lastTestOk: ok, lastTestMessage: message })
      .where(eq(administrations.id, administrationId));
  try {
    const target = await targetOf(administrationId);
    const started = performance.now();
    const me = await currentMe(target);
    // CurrentDivision only fills the path: Divisions lists every division the user may use.
    const divisions = await exactGetAll<DivisionRecord>(target, `${me.CurrentDivision}/system/Divisions?$select=Code`);
    const ms = Math.round(performance.now() - started);
    const result = {
      exactUserName: String(me.UserName ?? ""),
      exactFullName: String(me.FullName ?? ""),
      divisionCount: divisions.length,
      ms,
    };
    await record(true, `${result.exactUserName}: ${result.divisionCount} divisions, ${ms} ms`);
    return result;
  } catch (e) {
    if (isAppError(e) && e.code === "administration_not_found") throw e;
    const code = isAppError(e) ? e.code : "unexpected";
    if (!isAppError(e)) logger.error({ administrationId, err: e }, "administration connection test failed");
    await record(false, code);
    throw e;
  }
}

export type ExactDivisionOption = { code: number; description: string; hid: string; status: number; blocked: boolean };

/**
 * Every division the administration's login may use in Exact (all pages), by description.
 * Status: 0 inactive, 1 active, 2 archived; blocked when BlockingStatus is not 0.
 */
export async function listExactDivisions(administrationId: string): Promise<ExactDivisionOption[]> {
  const target = await targetOf(administrationId);
  const me = await currentMe(target);
  const records = await exactGetAll<DivisionRecord>(
    target,
    `${me.CurrentDivision}/system/Divisions?$select=Code,Description,Hid,Status,BlockingStatus`,
  );
  return records
    .map((d) => ({
      code: Number(d.Code),
      description: String(d.Description ?? "").trim(),
      hid: String(d.Hid ?? "").trim(),
      status: Number(d.Status ?? 1),
      blocked: Number(d.BlockingStatus ?? 0) !== 0,
    }))
    .sort((a, b) => a.description.localeCompare(b.description, "nl") || a.code - b.code);
}

/** The division as Exact describes it, or AppError("exact_division_unknown"). */
export async function verifyExactDivision(administrationId: string, code: number): Promise<ExactDivisionOption> {
  const found = (await listExactDivisions(administrationId)).find((d) => d.code === code);
  if (!found) throw new AppError("exact_division_unknown");
  return found;
}
