import type { Sql } from "postgres";

/**
 * Puts data in every state the portal knows into an environment: logins active, expiring,
 * needing re-authorization, in error and waiting for consent; administrations with and
 * without a login and a proxy, one whose own route failed; divisions mapped to an Exact
 * division, not mapped, and without an administration. (A login linked through Exact for
 * real is made by the spec itself, through the pages.)
 */
export async function seedEveryState(sql: Sql, environmentId: string, prefix: string): Promise<void> {
  const logins = await sql<{ id: string; description: string }[]>`
    insert into oauth_logins (environment_id, description, site, status, login_expires_at, consented_at,
      last_refresh_at, last_check_at, last_error)
    values
      (${environmentId}, ${`${prefix} actief`}, 'NL', 'active', now() + interval '300 days', now() - interval '2 days', now(), now(), null),
      (${environmentId}, ${`${prefix} verloopt`}, 'BE', 'active', now() + interval '3 days', now() - interval '360 days', now(), now(), null),
      (${environmentId}, ${`${prefix} herautoriseren`}, 'NL', 'needs_reauth', now() - interval '1 day', now() - interval '400 days', null, null, 'refresh_token_invalid'),
      (${environmentId}, ${`${prefix} fout`}, 'DE', 'error', now() + interval '100 days', now() - interval '10 days', null, null, 'exact_unavailable'),
      (${environmentId}, ${`${prefix} wacht`}, 'NL', 'pending', null, null, null, null, null)
    returning id, description`;
  const login = (state: string) => logins.find((l) => l.description === `${prefix} ${state}`)?.id ?? null;
  const administrations = await sql<{ id: string; description: string }[]>`
    insert into administrations (environment_id, description, oauth_login_id, proxy_server, proxy_username,
      last_call_at, last_call_ok, last_call_error, last_call_ok_at)
    values
      (${environmentId}, ${`${prefix} ADM PROXY`}, ${login("actief")}, '127.0.0.1:3128', 'koppeling', now(), true, null, now()),
      (${environmentId}, ${`${prefix} ADM KAAL`}, null, null, null, null, null, null, null),
      (${environmentId}, ${`${prefix} ADM VERLOOPT`}, ${login("verloopt")}, null, null, null, null, null, null),
      (${environmentId}, ${`${prefix} ADM HERAUT`}, ${login("herautoriseren")}, null, null, null, null, null, null),
      (${environmentId}, ${`${prefix} ADM FOUT`}, ${login("fout")}, null, null, null, null, null, null),
      (${environmentId}, ${`${prefix} ADM WACHT`}, ${login("wacht")}, null, null, null, null, null, null),
      (${environmentId}, ${`${prefix} ADM ROUTE`}, ${login("actief")}, '127.0.0.1:3129', null, now(), false, 'proxy_failed', now() - interval '1 day'),
      (${environmentId}, ${`${prefix} ADM LEEG`}, ${login("actief")}, null, null, null, null, null, null)
    returning id, description`;
  const administration = (name: string) => administrations.find((a) => a.description === `${prefix} ADM ${name}`)?.id;
  let n = 0;
  for (const name of ["PROXY", "KAAL", "VERLOOPT", "HERAUT", "FOUT", "WACHT", "ROUTE"]) {
    for (const mapped of [true, false]) {
      n += 1;
      await sql`
        insert into divisions (environment_id, code, name, administration_id, exact_division_code,
          exact_division_hid, exact_division_description)
        values (${environmentId}, ${`${prefix}-${n}`}, ${`${prefix} divisie ${n}`}, ${administration(name) ?? null},
          ${mapped ? 2340000 + n : null}, ${mapped ? String(n) : null}, ${mapped ? `Exact ${n}` : null})`;
    }
  }
  await sql`insert into divisions (environment_id, code, name) values (${environmentId}, ${`${prefix}-los`}, ${`${prefix} zonder administratie`})`;
}
