import "server-only";
import type postgres from "postgres";
import { getSql, getValuePlannedSql } from "@/db/client";
import { col, rawQuery } from "@/db/raw-query";
import { now } from "@/lib/clock";
import {
  type OverviewQuery,
  ROW_STATES,
  type RowState,
  SEARCH_COUNT_CAP,
  type SortColumn,
} from "@/lib/schemas/overview-params";
import {
  type DivisionOverviewRow,
  type OverviewCounts,
  type OverviewPage,
  rowColumns,
  toRow,
} from "./division-overview-rows";

// The team lead's overview: one row per division, and one per administration without divisions,
// with what it is linked to and how healthy that link really is. No secrets.
//
// A row's health ("state") is decided in SQL, so it can be filtered, counted and sorted:
//   not_linked    no administration, an administration without an OAuth login, or a division
//                 without an Exact division (its bookkeeping goes nowhere, however healthy the
//                 administration's link: a division's health is the link's AND its own mapping);
//   the login's own state when that is pending, needs_reauth or error (what a person must do);
//   error         when the administration's own last call to Exact (Verbinding testen, or any
//                 REST call over its route: a proxy down, a 403, a pause) failed after the
//                 login's last consent: a broken route never looks healthy;
//   needs_reauth / expiring / active   by the login's expiry, as effectiveStatus does.

const STATE_RANK = ["error", "needs_reauth", "expiring", "pending", "not_linked", "active"] as const;

type Sql = postgres.Sql;

/** Per administration of the environment: its login and its health (the API's administrations too). */
export function administrationHealth(sql: Sql, environmentId: string, at: Date, withoutDivisions = false) {
  const iso = sql`${at.toISOString()}::timestamptz`;
  return sql`
    select a.id as administration_id, a.description as administration,
      l.id as login_id, l.description as login, l.site, l.status as login_status,
      l.login_expires_at, l.last_error as login_error, l.last_error_values as login_error_values,
      f.fail_at, f.fail_code, f.fail_values,
      case
        when l.id is null then 'not_linked'
        when l.status in ('pending', 'needs_reauth', 'error') then l.status::text
        when f.fail_at is not null and f.fail_at > coalesce(l.consented_at, '-infinity') then 'error'
        when l.login_expires_at is null then 'active'
        when l.login_expires_at <= ${iso} then 'needs_reauth'
        when l.login_expires_at <= ${iso} + make_interval(days => e.expiry_warning_days) then 'expiring'
        else 'active'
      end as state,
      greatest(
        case when a.last_test_ok then a.last_test_at end,
        a.last_call_ok_at,
        l.last_refresh_at,
        case when l.last_error is null then l.last_check_at end
      ) as last_ok_at,
      a.division_count, a.unmapped_division_count, a.search_text as administration_search,
      e.expiry_warning_days as warning_days
    from administrations a
    join environments e on e.id = a.environment_id
    left join oauth_logins l on l.id = a.oauth_login_id
    cross join lateral (
      -- The administration's latest own call: the REST client's or the last test, whichever is later.
      select
        case when call_latest then (case when a.last_call_ok = false then a.last_call_at end)
             else (case when a.last_test_ok = false then a.last_test_at end) end as fail_at,
        case when call_latest then a.last_call_error else a.last_test_message end as fail_code,
        case when call_latest then a.last_call_error_values end as fail_values
      from (select a.last_call_at is not null
                   and (a.last_test_at is null or a.last_call_at >= a.last_test_at) as call_latest) c
    ) f
    where a.environment_id = ${environmentId}${withoutDivisions ? sql` and a.division_count = 0` : sql``}`;
}

/** Escapes LIKE's wildcards so the search text is matched literally. */
export function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A folded text holds the search text (accents and case aside): a LIKE, cheap on any row. */
function plainMatch(sql: Sql, column: postgres.PendingQuery<postgres.Row[]>, search: string) {
  return sql`${column} like koppeling_fold(${likePattern(search)}::text)`;
}

/**
 * How a search reads its rows. First, from the search indexes alone (overview_search_candidates,
 * migration 0019: the folded text's 1- and 2-letter pieces for a short text, its pg_trgm index for
 * a longer one), the administrations whose description it finds and the divisions it finds by
 * their own text or their administration's, at most SEARCH_COUNT_CAP + 1 of them. A rare text (at
 * most the cap) has them all: the page then reads those rows by id and sorts them, whatever the
 * environment's size. A broad text has more, densely enough that the page, read in order from the
 * sort's index, meets its rows early: it filters with the cheap LIKE, and its count stops at the
 * cap. (One query shape for both cannot be fast: a plan that reads in order and filters scans
 * everything for a rare text; one that collects every match first reads tens of thousands for a
 * broad one.)
 */
export type SearchPlan = {
  administrationIds: string[];
  divisionIds: string[];
  /** More than SEARCH_COUNT_CAP divisions found: read in order, counted up to the cap. */
  broad: boolean;
  /** The rows found (divisions, and administrations without divisions), when not broad. */
  rows: number;
  /** With a filter: what it leaves, by administration (filteredAdministrations); null without one. */
  filter: FilteredAdministrations | null;
};

/**
 * What a filter leaves, told by administration. Its state (other than not linked), OAuth login,
 * administration and site are each the administration's or its link's; "not linked" is also a
 * division's own: every division without an Exact division, under any administration, and every
 * division without an administration.
 */
export type FilteredAdministrations = {
  /** The administrations the filter leaves (but for "not linked"); null: every one. */
  ids: string[] | null;
  /** With "not linked": those of them whose link is not linked, all of whose divisions are. */
  notLinkedIds: string[] | null;
  /**
   * The rows the filter leaves under the administrations whose description the text finds: all
   * found, known from the administrations' numbers. More than the cap is "more than …" without
   * reading a division.
   */
  foundRows: number;
};

export async function planSearch(
  sql: Sql,
  environmentId: string,
  q: Pick<OverviewQuery, "search" | "state" | "loginId" | "administrationId" | "site">,
  at: Date,
): Promise<SearchPlan> {
  const [rows, filtered] = await Promise.all([
    rawQuery(
      {
        kind: col.oneOf(["administration", "empty administration", "division", "more"] as const),
        id: col.nullable(col.text),
      },
      sql`select kind, id from overview_search_candidates(${environmentId}::uuid, ${q.search}::text, ${SEARCH_COUNT_CAP}::integer)`,
    ),
    filteredAdministrations(sql, environmentId, q, at),
  ]);
  const idsOf = (kinds: string[]) => rows.flatMap((r) => (kinds.includes(r.kind) && r.id ? [r.id] : []));
  const divisionIds = idsOf(["division"]);
  const empty = rows.filter((r) => r.kind === "empty administration").length;
  // A broad text comes without its divisions' ids ("more") or, found from the indexes, with more
  // than the cap of them: its page is read in order.
  const broad = rows.some((r) => r.kind === "more") || divisionIds.length > SEARCH_COUNT_CAP;
  return {
    administrationIds: idsOf(["administration", "empty administration"]),
    divisionIds,
    broad,
    rows: broad ? SEARCH_COUNT_CAP + 1 : divisionIds.length + empty,
    filter: filtered,
  };
}

/**
 * What a filter leaves, by administration (FilteredAdministrations), for a search with a filter to
 * read only the divisions it may leave: with these ids the planner sees how few divisions that is,
 * where a state decided per joined row (the health's CASE) is a guess, and a broad text with a
 * rare state then read the whole environment in order for its page and its count. One row, read
 * from the administrations alone. Null without a filter.
 */
async function filteredAdministrations(
  sql: Sql,
  environmentId: string,
  q: Pick<OverviewQuery, "search" | "state" | "loginId" | "administrationId" | "site">,
  at: Date,
): Promise<FilteredAdministrations | null> {
  if (!q.state && !q.loginId && !q.administrationId && !q.site) return null;
  const notLinked = q.state === "not_linked";
  const byAdministration = { ...q, state: notLinked ? null : q.state };
  const narrowed = !!(byAdministration.state || q.loginId || q.administrationId || q.site);
  // An administration found by its description brings every row the filter leaves under it: its
  // mapped divisions in the filtered state (its unmapped ones are not linked), all of them without
  // a state filter, itself when it has none.
  const rowsUnder = !q.state
    ? sql`h.division_count`
    : notLinked
      ? sql`case when h.state = 'not_linked' then h.division_count else h.unmapped_division_count end`
      : sql`h.division_count - h.unmapped_division_count`;
  const own = notLinked ? sql`h.state = 'not_linked'` : sql`true`;
  const [row] = await rawQuery(
    { ids: col.json<string[]>(), not_linked: col.json<string[]>(), found: col.integer },
    sql`select ${narrowed ? sql`coalesce(json_agg(h.administration_id), '[]')` : sql`'[]'::json`} as ids,
        coalesce(json_agg(h.administration_id) filter (where h.state = 'not_linked'), '[]') as not_linked,
        coalesce(sum(case when not ${plainMatch(sql, sql`h.administration_search`, q.search)} then 0
          when h.division_count = 0 then case when ${own} then 1 else 0 end
          else ${rowsUnder} end), 0)::integer as found
      from (${administrationHealth(sql, environmentId, at)}) h
      where ${healthFilter(sql, byAdministration)}`,
  );
  return {
    ids: narrowed ? row.ids : null,
    notLinkedIds: notLinked ? row.not_linked : null,
    foundRows: row.found,
  };
}

/** The allowlist: a sort column names a fixed SQL expression, nothing from the URL is interpolated. */
function sortExpression(sql: Sql, sort: SortColumn) {
  switch (sort) {
    case "administration":
      return sql`r.administration`;
    case "oauthLogin":
      return sql`r.login`;
    case "site":
      return sql`r.site::text`;
    case "exactDivision":
      return sql`r.exact_division_code`;
    case "state":
      return sql`array_position(${STATE_RANK as unknown as string[]}::text[], r.state)`;
    case "lastCheck":
      return sql`r.last_ok_at`;
    default:
      // "division", and anything not on the list: codes as people read them (division_code_sort_key).
      return sql`r.code_sort`;
  }
}

const DIVISION_COLUMNS = (sql: Sql) =>
  sql`d.id, d.code, d.code_sort, d.name, d.administration_id, d.exact_division_code, d.exact_division_hid,
    d.exact_division_description`;
const HEALTH_COLUMNS = (sql: Sql, state = sql`h.state`) =>
  sql`h.administration, h.login_id, h.login, h.site, h.login_status, h.login_expires_at,
    h.login_error, h.login_error_values, h.fail_at, h.fail_code, h.fail_values, ${state} as state, h.last_ok_at`;

/**
 * The rows of the query, sorted; `top` bounds how many are read. The rows come in three parts,
 * each read in the overview's order from its own index and cut at `top` before they are merged:
 * divisions with an administration (and its health), divisions without one, administrations
 * without divisions. A page near the start so reads about `top` rows, not the environment.
 */
export function rowsQuery(
  sql: Sql,
  environmentId: string,
  q: OverviewQuery,
  at: Date,
  top: number | "count" | null,
  after: DivisionRowPosition | null = null,
  plan: SearchPlan | null = null,
) {
  const filters = [sql`true`];
  if (q.state) filters.push(sql`r.state = ${q.state}`);
  if (q.loginId) filters.push(sql`r.login_id = ${q.loginId}`);
  if (q.administrationId) filters.push(sql`r.administration_id = ${q.administrationId}`);
  if (q.site) filters.push(sql`r.site = ${q.site}`);
  // The search is told to each part on its own table (planSearch): the divisions it found, by id,
  // or for a broad text the LIKE on the folded text; a division matches by its own text or by its
  // administration's description, an administration without divisions by its description.
  const search = q.search ? q.search : null;
  const divisionMatch = (() => {
    if (!search) return null;
    if (!plan) {
      // Without a plan (never in the portal's own reads): the LIKE, administrations included.
      return sql`(${plainMatch(sql, sql`d.search_text`, search)} or d.administration_id = any(array(
        select a.id from administrations a where a.environment_id = ${environmentId}
          and ${plainMatch(sql, sql`a.search_text`, search)})))`;
    }
    if (!plan.broad) return sql`d.id = any(${plan.divisionIds}::uuid[])`;
    return sql`(${plainMatch(sql, sql`d.search_text`, search)} or d.administration_id = any(${plan.administrationIds}::uuid[]))`;
  })();
  // With a search, the filters are told to the divisions with an administration by its id
  // (filteredAdministrations, as of the same moment `at`) and their own mapping: the same rows as
  // the filters on the joined health, but the planner now sees how many, and an index reads them
  // (on the health's CASE it guessed a few, and read every division the administrations left).
  const where = filters.reduce((acc, f) => sql`${acc} and (${f})`);
  const filter = plan?.filter ?? null;
  const filteredDivisions = !filter
    ? sql``
    : sql`${filter.ids ? sql`and d.administration_id = any(${filter.ids}::uuid[])` : sql``}
      ${
        filter.notLinkedIds
          ? sql`and (d.administration_id = any(${filter.notLinkedIds}::uuid[]) or d.exact_division_code is null)`
          : q.state
            ? sql`and d.exact_division_code is not null`
            : sql``
      }`;
  const linkedWhere = filter ? sql`true` : where;
  const administrationMatch = !search
    ? null
    : plan
      ? sql`h.administration_id = any(${plan.administrationIds}::uuid[])`
      : plainMatch(sql, sql`h.administration_search`, search);
  // The cursor's position, told to each part as its own index can read it (afterPosition).
  const whereIn = (part: "linked" | "unlinked" | "empty") => {
    const own = part === "linked" ? linkedWhere : where;
    return after ? sql`${own} and (${afterPosition(sql, after, part === "empty" ? "empty" : "divisions")})` : own;
  };
  const dir = q.dir === "desc" ? sql`desc nulls last` : sql`asc nulls last`;
  const key = sortExpression(sql, q.sort);
  const order = sql`order by ${key} ${dir}, r.code_sort ${dir}, r.code ${dir}, r.administration ${dir}, r.id`;
  // Within a part the order is the same, told so that an index can give it: a code is unique in
  // an environment and so is an administration's description; a column that is never null in a
  // part is sorted without "nulls last" (which a descending index scan does not give).
  const plain = q.dir === "desc" ? sql`desc` : sql`asc`;
  const keyNeverNull = (part: "linked" | "unlinked" | "empty") =>
    q.sort === "state" ||
    (q.sort === "division" && part !== "empty") ||
    (q.sort === "administration" && part !== "unlinked");
  const partOrder = (part: "linked" | "unlinked" | "empty") =>
    sql`order by ${key} ${keyNeverNull(part) ? plain : dir}, ${part === "empty" ? sql`r.administration ${plain}` : sql`r.code_sort ${plain}, r.code ${plain}`}`;
  const part = (name: "linked" | "unlinked" | "empty", rows: postgres.PendingQuery<postgres.Row[]>) =>
    top === "count"
      ? sql`(select r.id from (${rows}) r where ${whereIn(name)})`
      : sql`(select * from (${rows}) r where ${whereIn(name)} ${partOrder(name)} ${top === null ? sql`` : sql`limit ${top}`})`;

  const noHealth = sql`null::text as administration, null::uuid as login_id, null::text as login,
    null::exact_site as site, null::oauth_login_status as login_status, null::timestamptz as login_expires_at,
    null::text as login_error, null::jsonb as login_error_values, null::timestamptz as fail_at,
    null::text as fail_code, null::jsonb as fail_values, 'not_linked'::text as state, null::timestamptz as last_ok_at`;
  // A division without an Exact division is not linked, whatever its administration's link says.
  const linked = sql`
    select ${DIVISION_COLUMNS(sql)},
      ${HEALTH_COLUMNS(sql, sql`case when d.exact_division_code is null then 'not_linked' else h.state end`)}
    from divisions d join (${administrationHealth(sql, environmentId, at)}) h on h.administration_id = d.administration_id
    where d.environment_id = ${environmentId}
    ${divisionMatch ? sql`and ${divisionMatch}` : sql``}
    ${filteredDivisions}`;
  const unlinked = sql`
    select ${DIVISION_COLUMNS(sql)}, ${noHealth}
    from divisions d where d.environment_id = ${environmentId} and d.administration_id is null
    ${divisionMatch ? sql`and ${divisionMatch}` : sql``}`;
  const empty = sql`
    select h.administration_id as id, null::text as code, null::text as code_sort, null::text as name, h.administration_id,
      null::integer as exact_division_code, null::text as exact_division_hid,
      null::text as exact_division_description, ${HEALTH_COLUMNS(sql)}
    from (${administrationHealth(sql, environmentId, at, true)}) h
    ${administrationMatch ? sql`where ${administrationMatch}` : sql``}`;
  if (top === "count") {
    // At most SEARCH_COUNT_CAP + 1: a broad search is told "more than …", not counted to the end.
    // Counted, a part whose filters are all told by administration id needs no health. Divisions
    // without an administration are the unlinked part's: "not linked" alone leaves no ids, and
    // its "or no Exact division" would count them here as well.
    const linkedCount = filter
      ? sql`(select d.id from divisions d where d.environment_id = ${environmentId}
            and d.administration_id is not null
            ${divisionMatch ? sql`and ${divisionMatch}` : sql``} ${filteredDivisions})`
      : part("linked", linked);
    return sql`select count(*) from (select 1 from (${linkedCount} union all ${part("unlinked", unlinked)}
      union all ${part("empty", empty)}) r limit ${SEARCH_COUNT_CAP + 1}) c`;
  }
  // A rare text without filters: its divisions, found by id, are read once, with or without an
  // administration (its health left-joined), and in code order the page's `top` of them are
  // chosen before any health is joined: the health of a page's administrations, looked up, not
  // that of all of a large environment's, hashed (a hundred "Café Zoë" at 100,000 divisions).
  const byId =
    typeof top === "number" &&
    plan &&
    !plan.broad &&
    !filter &&
    !q.state &&
    !q.loginId &&
    !q.administrationId &&
    !q.site;
  const divisionRows = !byId
    ? sql`${part("linked", linked)} union all ${part("unlinked", unlinked)}`
    : part(
        "unlinked",
        sql`select ${DIVISION_COLUMNS(sql)}, ${HEALTH_COLUMNS(
          sql,
          sql`case when d.administration_id is null or d.exact_division_code is null then 'not_linked' else h.state end`,
        )}
        from (select d.* from divisions d where d.environment_id = ${environmentId} and d.id = any(${plan.divisionIds}::uuid[])
          ${after ? sql`and ${afterPosition(sql, after, "divisions", sql`d`)}` : sql``}
          ${q.sort === "division" ? sql`order by d.code_sort ${plain}, d.code ${plain} limit ${top}` : sql``}) d
        left join (${administrationHealth(sql, environmentId, at)}) h on h.administration_id = d.administration_id`,
      );
  return sql`
    select r.id, r.code, r.name, r.administration_id, r.exact_division_code, r.exact_division_hid,
      r.exact_division_description, r.administration, r.login_id, r.login, r.site, r.login_status, r.login_expires_at,
      r.login_error, r.login_error_values, r.fail_at, r.fail_code, r.fail_values, r.state, r.last_ok_at
    from (${divisionRows} union all ${part("empty", empty)}) r
    ${order}`;
}

/** The administration-level filters (all but the search) on the health of an administration `h`. */
function healthFilter(sql: Sql, q: Pick<OverviewQuery, "state" | "loginId" | "administrationId" | "site">) {
  const filters = [sql`true`];
  if (q.state) filters.push(sql`h.state = ${q.state}`);
  if (q.loginId) filters.push(sql`h.login_id = ${q.loginId}`);
  if (q.administrationId) filters.push(sql`h.administration_id = ${q.administrationId}`);
  if (q.site) filters.push(sql`h.site = ${q.site}`);
  return filters.reduce((acc, f) => sql`${acc} and (${f})`);
}

/**
 * The counts per state for the whole environment, and the number of rows of the query. Read
 * from the administrations alone: a state belongs to an administration and so to every mapped
 * division under it, and each administration knows how many divisions it has (division_count; a
 * row of its own when it has none) and how many of them have no Exact division
 * (unmapped_division_count: not_linked), the environment how many have no administration
 * (not_linked). Only a search counts rows (searchCount).
 */
async function overviewCounts(
  sql: Sql,
  environmentId: string,
  q: OverviewQuery,
  at: Date,
): Promise<{ counts: OverviewCounts; total: number }> {
  const unlinkedMatch = (!q.state || q.state === "not_linked") && !q.loginId && !q.administrationId && !q.site;
  // Without filters (or with the state filter only) the total is in the counts; a search's
  // total is counted apart, capped (searchCount).
  const totalFromCounts = !q.loginId && !q.administrationId && !q.site && !q.search;
  const totalHere = !totalFromCounts && !q.search;
  // Per administration two numbers, in one pass (aggregates, not a row per number: a lateral
  // VALUES per administration cost ten times as much): its mapped divisions (or itself, without
  // divisions) in the link's state, and its unmapped divisions, not linked.
  const mapped = sql`case when h.division_count = 0 then 1 else h.division_count - h.unmapped_division_count end`;
  const health = administrationHealth(sql, environmentId, at);
  const inState = (state: RowState) => !q.state || q.state === state;
  const rows = await rawQuery(
    { state: col.oneOf([...ROW_STATES, "total"]), n: col.integer, unmapped: col.integer },
    sql`
    select h.state, sum(${mapped}) as n, sum(h.unmapped_division_count) as unmapped
    from (${health}) h
    group by 1
    union all
    select 'not_linked', unlinked_division_count, 0 from environments where id = ${environmentId}
    ${
      totalHere
        ? sql`union all
    select 'total', coalesce((
      select sum(${q.state ? sql`case when h.state = ${q.state} then ${mapped} else 0 end` : mapped}
        ${inState("not_linked") ? sql`+ h.unmapped_division_count` : sql``})
      from (${health}) h where ${healthFilter(sql, { ...q, state: null })}), 0)
            + ${unlinkedMatch ? sql`(select unlinked_division_count from environments where id = ${environmentId})` : sql`0`}, 0`
        : sql``
    }`,
  );
  const counts = Object.fromEntries(
    ["active", "expiring", "needs_reauth", "error", "pending", "not_linked"].map((s) => [s, 0]),
  ) as OverviewCounts;
  let total = 0;
  for (const r of rows) {
    if (r.state === "total") total = r.n;
    else {
      counts[r.state as RowState] += r.n;
      counts.not_linked += r.unmapped;
    }
  }
  if (totalFromCounts) total = q.state ? counts[q.state] : Object.values(counts).reduce((a, b) => a + b, 0);
  return { counts, total };
}

/**
 * The rows a search finds, counted up to SEARCH_COUNT_CAP + 1 and no further: a short or broad
 * text ("12", "divisie") matches a large part of a big environment, and counting every match
 * costs what the environment's size costs. Above the cap the page says "more than 1,000".
 */
async function searchCount(
  sql: Sql,
  environmentId: string,
  q: OverviewQuery,
  at: Date,
  plan: SearchPlan,
): Promise<number> {
  // What the administrations found by their description bring under the filter is known
  // (FilteredAdministrations.foundRows, administrations without divisions included): more than
  // the cap is said at once.
  const filter = plan.filter;
  const found = filter?.foundRows ?? 0;
  if (found > SEARCH_COUNT_CAP) return SEARCH_COUNT_CAP + 1;
  if (!filter || !plan.broad) {
    const [{ count }] = await rawQuery(
      { count: col.integer },
      rowsQuery(sql, environmentId, q, at, "count", null, plan),
    );
    return count;
  }
  // A broad text with a filter: to those, the divisions of the other administrations the filter
  // leaves (and for "not linked" those without one) that the text finds by their own text: a LIKE
  // alone, which the pg_trgm index answers for three letters or more (with "or administration in
  // (…)" beside it the planner read every division, 30 ms at 100,000 for `exact 45` with site BE),
  // counted up to the cap.
  const byDescription = new Set(plan.administrationIds);
  const textFinds = plainMatch(sql, sql`d.search_text`, q.search);
  const mapping = filter.notLinkedIds
    ? sql`and (d.administration_id = any(${filter.notLinkedIds}::uuid[]) or d.exact_division_code is null)`
    : q.state
      ? sql`and d.exact_division_code is not null`
      : sql``;
  const withoutAdministration = q.state === "not_linked" && !q.loginId && !q.administrationId && !q.site;
  const [{ count }] = await rawQuery(
    { count: col.integer },
    sql`select count(*) from (
      select 1 from divisions d where d.environment_id = ${environmentId}
        ${
          filter.ids
            ? sql`and d.administration_id = any(${filter.ids.filter((id) => !byDescription.has(id))}::uuid[])`
            : sql`and d.administration_id is not null and d.administration_id <> all(${[...byDescription]}::uuid[])`
        }
        ${mapping} and ${textFinds}
      ${
        withoutAdministration
          ? sql`union all select 1 from divisions d where d.environment_id = ${environmentId}
              and d.administration_id is null and ${textFinds}`
          : sql``
      }
      limit ${SEARCH_COUNT_CAP + 1 - found}) c`,
  );
  return found + count;
}

/**
 * The pool a query of the overview runs on: with a search or a filter, one that plans each
 * statement for its values (getValuePlannedSql: a generic plan of a search with a state filter
 * read every division); without, the main pool, whose generic plans fit the plain page.
 */
export function overviewSql(q: Pick<OverviewQuery, "search" | "state" | "loginId" | "administrationId" | "site">): Sql {
  return q.search || q.state || q.loginId || q.administrationId || q.site ? getValuePlannedSql() : getSql();
}

/**
 * One page of the overview, its total and the counts: one query for the page, one for the
 * counts, side by side; a search first finds its divisions (planSearch), then its page and its
 * (capped) number of rows. `totalCapped`: there are more than `total` rows (SEARCH_COUNT_CAP),
 * not told how many.
 */
export async function listDivisionOverview(environmentId: string, q: OverviewQuery): Promise<OverviewPage> {
  const sql = overviewSql(q);
  const at = now();
  const pageOf = (n: number, plan: SearchPlan | null) =>
    rawQuery(
      rowColumns,
      sql`${rowsQuery(sql, environmentId, q, at, n * q.size, null, plan)}
      limit ${q.size} offset ${(n - 1) * q.size}`,
    );
  const searched = async () => {
    const plan = await planSearch(sql, environmentId, q, at);
    // Without another filter the plan knows the number: more than the cap, or what it found.
    const unfiltered = !q.state && !q.loginId && !q.administrationId && !q.site;
    const [count, first] = await Promise.all([
      unfiltered ? (plan.broad ? SEARCH_COUNT_CAP + 1 : plan.rows) : searchCount(sql, environmentId, q, at, plan),
      pageOf(q.page, plan),
    ]);
    return { plan, count, first };
  };
  const [counted, found] = await Promise.all([
    overviewCounts(sql, environmentId, q, at),
    q.search ? searched() : pageOf(q.page, null).then((first) => ({ plan: null, count: null, first })),
  ]);
  const { counts } = counted;
  const totalCapped = found.count !== null && found.count > SEARCH_COUNT_CAP;
  const total = found.count === null ? counted.total : Math.min(found.count, SEARCH_COUNT_CAP);
  // A page past the end (a shared URL, rows since removed) shows the last page; past a capped
  // count the end is not known, and the page is what was asked (empty when past the end).
  const page = totalCapped ? q.page : Math.min(q.page, Math.max(1, Math.ceil(total / q.size)));
  const raw = page === q.page ? found.first : await pageOf(page, found.plan);
  return { rows: raw.map(toRow), total, totalCapped, page, counts };
}

/**
 * Where a page of rows in the overview's default order (division code as people read it, then administration,
 * then id; without a code last) ended: the next page starts after it. Read by keyset, not
 * offset, so a deep page costs no more than the first and rows added meanwhile do not shift it.
 */
export type DivisionRowPosition = { code: string | null; administration: string | null; id: string };

/**
 * The rows of a part after `p` in that order (ascending, nulls last). Divisions have a code, unique
 * in the environment: they come after `p` when their code does (by its sort key, then itself, a
 * row comparison that the (environment, code_sort, code) indexes read as a range), and none come
 * after a row without a code. Administrations without divisions have none: all come after a
 * division; after one of them, by description and id.
 */
function afterPosition(sql: Sql, p: DivisionRowPosition, part: "divisions" | "empty", alias = sql`r`) {
  if (part === "divisions") {
    return p.code === null
      ? sql`false`
      : sql`(${alias}.code_sort, ${alias}.code) > (division_code_sort_key(${p.code}::text), ${p.code}::text)`;
  }
  if (p.code !== null) return sql`true`;
  const afterId = sql`r.id > ${p.id}::uuid`;
  return p.administration === null
    ? sql`r.administration is null and ${afterId}`
    : sql`r.administration > ${p.administration} or r.administration is null
        or (r.administration = ${p.administration} and ${afterId})`;
}

/**
 * One page of the overview's rows for the API: the filters of `q` (its sort, direction and
 * page are not used: the order is the default one), `limit` rows after `after`, and where the
 * next page starts (null on the last page). One query, reading `limit + 1` rows per part.
 */
export async function listDivisionRowsAfter(
  environmentId: string,
  q: Omit<OverviewQuery, "page" | "size" | "sort" | "dir">,
  after: DivisionRowPosition | null,
  limit: number,
): Promise<{ rows: DivisionOverviewRow[]; next: DivisionRowPosition | null }> {
  const sql = overviewSql(q);
  const query: OverviewQuery = { ...q, page: 1, size: limit, sort: "division", dir: "asc" };
  const at = now();
  const plan = q.search ? await planSearch(sql, environmentId, q, at) : null;
  const raw = await rawQuery(
    rowColumns,
    sql`${rowsQuery(sql, environmentId, query, at, limit + 1, after, plan)}
    limit ${limit + 1}`,
  );
  const rows = raw.slice(0, limit).map(toRow);
  const last = rows.at(-1);
  return {
    rows,
    next: raw.length > limit && last ? { code: last.code, administration: last.administration, id: last.id } : null,
  };
}

/** The administrations and logins of the environment, for the filters. */
export async function overviewFilterOptions(environmentId: string) {
  const sql = getSql();
  const option = { id: col.text, label: col.text };
  const [administrations, logins] = await Promise.all([
    rawQuery(
      option,
      sql`select id, description as label from administrations where environment_id = ${environmentId} order by description`,
    ),
    rawQuery(
      option,
      sql`select id, description as label from oauth_logins where environment_id = ${environmentId} order by description`,
    ),
  ]);
  return { administrations, logins };
}
