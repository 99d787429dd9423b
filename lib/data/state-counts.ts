import "server-only";
import { getSql } from "@/db/client";
import { col, rawQuery } from "@/db/raw-query";
import { now } from "@/lib/clock";
import { ROW_STATES } from "@/lib/schemas/overview-params";
import { administrationHealth } from "./division-overview";
import type { OAuthLoginStatus } from "./oauth-logins";

// How many logins and administrations each environment has in each state, for the metrics
// (lib/runtime/database-gauges.ts): the states the screens show, counted where they are decided.

const LOGIN_STATES: OAuthLoginStatus[] = ["pending", "active", "expiring", "needs_reauth", "error"];
/** An administration's states: the overview's, a division's own not_linked included. */
const ADMINISTRATION_STATES = ROW_STATES;

export type StateCount = { environment: string; state: string; count: number };

/** Every environment with every state (zero when none), so a series never vanishes. */
function withZeros(environments: string[], states: readonly string[], rows: StateCount[]): StateCount[] {
  const counted = new Map(rows.map((r) => [`${r.environment}\u0000${r.state}`, r.count]));
  return environments.flatMap((environment) =>
    states.map((state) => ({ environment, state, count: counted.get(`${environment}\u0000${state}`) ?? 0 })),
  );
}

/** Logins per environment (by name) and effective state: an active login near its expiry is `expiring`, as effectiveStatus says. */
export async function loginCountsByState(): Promise<StateCount[]> {
  const sql = getSql();
  const at = sql`${now().toISOString()}::timestamptz`;
  const [environments, rows] = await Promise.all([
    rawQuery({ name: col.text }, sql`select name from environments`),
    rawQuery(
      { environment: col.text, state: col.text, count: col.integer },
      sql`select e.name as environment,
          case
            when l.status <> 'active' or l.login_expires_at is null then l.status::text
            when l.login_expires_at <= ${at} then 'needs_reauth'
            when l.login_expires_at <= ${at} + make_interval(days => e.expiry_warning_days) then 'expiring'
            else 'active'
          end as state,
          count(*) as count
        from oauth_logins l join environments e on e.id = l.environment_id
        group by 1, 2`,
    ),
  ]);
  return withZeros(
    environments.map((e) => e.name),
    LOGIN_STATES,
    rows,
  );
}

/** Administrations per environment (by name) and state, as the overview decides it. */
export async function administrationCountsByState(): Promise<StateCount[]> {
  const sql = getSql();
  const at = now();
  const environments = await rawQuery({ id: col.text, name: col.text }, sql`select id::text, name from environments`);
  const rows = await Promise.all(
    environments.map(async (e) =>
      (
        await rawQuery(
          { state: col.text, count: col.integer },
          sql`select h.state, count(*) as count from (${administrationHealth(sql, e.id, at)}) h group by h.state`,
        )
      ).map((r) => ({ environment: e.name, ...r })),
    ),
  );
  return withZeros(
    environments.map((e) => e.name),
    ADMINISTRATION_STATES,
    rows.flat(),
  );
}
