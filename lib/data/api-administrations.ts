import "server-only";
import { getSql } from "@/db/client";
import { col, rawQuery } from "@/db/raw-query";
import { administrationTypeEnum, exactSiteEnum } from "@/db/schema";
import { now } from "@/lib/clock";
import type { ExactSite } from "@/lib/exact-sites";
import { administrationHealth } from "./division-overview";
import { healthColumns, healthOf, type OverviewHealth } from "./division-overview-rows";
import { effectiveStatus, type OAuthLoginStatus } from "./oauth-logins";

/** An administration as the API shows it: its link, its health, its divisions. Never a secret. */
export type LinkedAdministration = {
  id: string;
  description: string;
  type: "exact_online";
  health: OverviewHealth;
  oauthLogin: {
    id: string;
    description: string;
    site: ExactSite;
    /** The effective status (an active login inside the warning window is `expiring`). */
    status: OAuthLoginStatus;
    expiresAt: Date | null;
  } | null;
  /** Whether a proxy server is set; its password (and whether there is one) stays inside. */
  proxySet: boolean;
  divisions: { code: string; name: string; exactDivision: number | null }[];
};

const columns = {
  ...healthColumns,
  administration_id: col.text,
  administration: col.text,
  type: col.oneOf(administrationTypeEnum.enumValues),
  login_id: col.nullable(col.text),
  login: col.nullable(col.text),
  site: col.nullable(col.oneOf(exactSiteEnum.enumValues)),
  warning_days: col.integer,
  proxy_set: col.boolean,
  divisions: col.json<LinkedAdministration["divisions"]>(),
};

/**
 * The environment's administrations in description order, or the one with `id` (none when it
 * is another environment's: the environment is part of the query, never checked afterwards).
 * The health is the overview's (administrationHealth), so the API and the pages say the same.
 */
export async function listLinkedAdministrations(environmentId: string, id?: string): Promise<LinkedAdministration[]> {
  const sql = getSql();
  const at = now();
  const rows = await rawQuery(
    columns,
    sql`
    select h.*, a.type, a.proxy_server is not null as proxy_set,
      coalesce((
        select json_agg(json_build_object('code', d.code, 'name', d.name, 'exactDivision', d.exact_division_code)
                        order by d.code)
        from divisions d where d.administration_id = h.administration_id
      ), '[]'::json) as divisions
    from (${administrationHealth(sql, environmentId, at)}) h
    join administrations a on a.id = h.administration_id
    ${id === undefined ? sql`` : sql`where h.administration_id = ${id}`}
    order by h.administration`,
  );
  return rows.map((r) => ({
    id: r.administration_id,
    description: r.administration,
    type: r.type,
    health: healthOf(r),
    oauthLogin:
      r.login_id && r.login && r.site && r.login_status
        ? {
            id: r.login_id,
            description: r.login,
            site: r.site,
            status: effectiveStatus(r.login_status, r.login_expires_at, r.warning_days, at),
            expiresAt: r.login_expires_at,
          }
        : null,
    proxySet: r.proxy_set,
    divisions: r.divisions,
  }));
}
