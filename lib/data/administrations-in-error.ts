import "server-only";
import { getSql } from "@/db/client";
import { now } from "@/lib/clock";
import { administrationHealth } from "./division-overview";

/**
 * How many administrations of the environment are broken by their own route (a proxy down, a
 * 403, a pause: their last call to Exact failed after the login's last consent) while their
 * login is not itself in error: those the logins' count does not already announce. The health
 * is the overview's (administrationHealth), so the banner and the overview's Fout count agree.
 */
export async function administrationsInError(environmentId: string): Promise<number> {
  const sql = getSql();
  const [row] = await sql<{ n: number }[]>`
    select count(*)::int as n
    from (${administrationHealth(sql, environmentId, now())}) h
    where h.state = 'error' and h.login_status is distinct from 'error'`;
  return row?.n ?? 0;
}
