import { createTranslator } from "use-intl/core";
import { beforeEach, expect, test } from "vitest";
import { GET as listDivisionsRoute } from "@/app/api/v1/divisions/route";
import { getDb, getSql } from "@/db/client";
import { administrations, oauthLogins } from "@/db/schema";
import { SYSTEM_ACTOR } from "@/lib/audit/actor";
import { createApiKey } from "@/lib/data/api-keys";
import { listDivisionOverview, listDivisionRowsAfter } from "@/lib/data/division-overview";
import { listEnvironments } from "@/lib/data/environments";
import type { Translate } from "@/lib/i18n/describe-login-state";
import { overviewCsv } from "@/lib/overview/overview-csv";
import { loadOverviewParams, overviewQueryOf, SEARCH_COUNT_CAP } from "@/lib/schemas/overview-params";
import nl from "@/messages/nl.json";
import { resetDatabase } from "../support/reset-database";

// A search with a filter reads only the divisions of the administrations the filter leaves
// (lib/data/division-overview.ts, filteredAdministrations), and says "more than 1,000" at once
// when the administrations the text finds already hold more rows than that. Each answer here is
// compared with one worked out apart from the overview's queries: from the divisions' stored
// folded texts and mappings, and the administrations' states as the seed made them.

beforeEach(resetDatabase);

const days = (n: number) => new Date(Date.now() + n * 86_400_000);
const DIVISIONS = 2400;

type Seeded = {
  envId: string;
  loginNl: string;
  loginDe: string;
  oost: string;
  /** Administration id → its description and the state its link gives its mapped divisions. */
  admins: Map<string, { description: string; state: string; site: string | null; loginId: string | null }>;
};

/**
 * Noord (NL, active) holds half the divisions, half of them named "Zuidas"; Zuid Café (NL, its
 * login in error) a quarter; Oost (DE, its last call failed) and West (no login: not linked) an
 * eighth each; one division in 97 has no administration and one in 50 no Exact division (97 has neither). Leeg 12
 * (NL, active) and Leeg Oost (DE, failed call) have no divisions.
 */
async function seed(): Promise<Seeded> {
  const [env, other] = await listEnvironments();
  const [loginNl, loginNlError, loginDe] = await getDb()
    .insert(oauthLogins)
    .values([
      { environmentId: env.id, description: "L NL", site: "NL", status: "active", loginExpiresAt: days(60) },
      { environmentId: env.id, description: "L NL fout", site: "NL", status: "error", loginExpiresAt: days(60) },
      { environmentId: env.id, description: "L DE", site: "DE", status: "active", loginExpiresAt: days(60) },
    ])
    .returning({ id: oauthLogins.id });
  const failed = { lastCallAt: new Date(), lastCallOk: false, lastCallError: "proxy_unreachable" };
  const rows = await getDb()
    .insert(administrations)
    .values([
      { environmentId: env.id, description: "Noord", oauthLoginId: loginNl.id },
      { environmentId: env.id, description: "Zuid Café", oauthLoginId: loginNlError.id },
      { environmentId: env.id, description: "Oost", oauthLoginId: loginDe.id, ...failed },
      { environmentId: env.id, description: "West" },
      { environmentId: env.id, description: "Leeg 12", oauthLoginId: loginNl.id },
      { environmentId: env.id, description: "Leeg Oost", oauthLoginId: loginDe.id, ...failed },
    ])
    .returning({ id: administrations.id, description: administrations.description });
  const id = (d: string) => rows.find((r) => r.description === d)?.id as string;
  const sql = getSql();
  await sql`
    insert into divisions (environment_id, code, name, administration_id, exact_division_code)
    select ${env.id}, n::text,
      case when n = 7 then 'Café Zoë' when n % 8 < 4 and n % 2 = 0 then 'Zuidas ' || n else 'Divisie ' || n end,
      case when n % 97 = 0 then null
        when n % 8 < 4 then ${id("Noord")}::uuid when n % 8 < 6 then ${id("Zuid Café")}::uuid
        when n % 8 = 6 then ${id("Oost")}::uuid else ${id("West")}::uuid end,
      case when n % 50 = 0 or n = 97 then null else 1000000 + n end
    from generate_series(1, ${DIVISIONS}) n`;
  // The other environment has divisions that every text here finds: never counted here.
  await sql`
    insert into divisions (environment_id, code, name, exact_division_code)
    select ${other.id}, n::text, 'Divisie Noord Zuid 12 ' || n, n from generate_series(1, 1500) n`;
  const admins = new Map([
    [id("Noord"), { description: "Noord", state: "active", site: "NL", loginId: loginNl.id }],
    [id("Zuid Café"), { description: "Zuid Café", state: "error", site: "NL", loginId: loginNlError.id }],
    [id("Oost"), { description: "Oost", state: "error", site: "DE", loginId: loginDe.id }],
    [id("West"), { description: "West", state: "not_linked", site: null, loginId: null }],
    [id("Leeg 12"), { description: "Leeg 12", state: "active", site: "NL", loginId: loginNl.id }],
    [id("Leeg Oost"), { description: "Leeg Oost", state: "error", site: "DE", loginId: loginDe.id }],
  ]);
  return { envId: env.id, loginNl: loginNl.id, loginDe: loginDe.id, oost: id("Oost"), admins };
}

const fold = (s: string) => s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();

type Filter = { state?: string; site?: string; login?: string; admin?: string };

/** The rows a search with filters should find, in the overview's order, from the stored data. */
async function expected(w: Seeded, search: string, f: Filter) {
  const sql = getSql();
  const stored = await sql<
    { code: string; administration_id: string | null; mapped: boolean; search_text: string }[]
  >`select code, administration_id, exact_division_code is not null as mapped, search_text
    from divisions where environment_id = ${w.envId}`;
  const [{ n }] = await sql<{ n: number }[]>`
    select count(*)::integer as n from administrations where environment_id = ${w.envId}`;
  expect(n).toBe(w.admins.size);
  const text = fold(search);
  const passes = (state: string, admin: string | null) => {
    const a = admin ? w.admins.get(admin) : null;
    return (
      (!f.state || f.state === state) &&
      (!f.site || a?.site === f.site) &&
      (!f.login || a?.loginId === f.login) &&
      (!f.admin || admin === f.admin)
    );
  };
  const states = new Map<string, string>();
  const divisions = stored
    .filter((d) => {
      const a = d.administration_id ? w.admins.get(d.administration_id) : null;
      const state = !a || !d.mapped ? "not_linked" : a.state;
      states.set(d.code, state);
      const found = d.search_text.includes(text) || (a ? fold(a.description).includes(text) : false);
      return found && passes(state, d.administration_id);
    })
    .map((d) => d.code)
    .sort((x, y) => Number(x) - Number(y));
  for (const a of w.admins.values()) states.set(a.description, a.state);
  const withDivisions = new Set(stored.map((d) => d.administration_id));
  const empty = [...w.admins]
    .filter(([id, a]) => !withDivisions.has(id) && fold(a.description).includes(text) && passes(a.state, id))
    .map(([, a]) => a.description)
    .sort();
  return { divisions, empty, all: divisions.length + empty.length, states };
}

const query = (params: Record<string, string>) =>
  overviewQueryOf(loadOverviewParams(new URLSearchParams({ ...params, size: "100" })));
const paramsOf = (search: string, f: Filter) => ({
  q: search,
  ...(f.state ? { state: f.state } : {}),
  ...(f.site ? { site: f.site } : {}),
  ...(f.login ? { login: f.login } : {}),
  ...(f.admin ? { admin: f.admin } : {}),
});

/** The overview's first page and count, the API's pages and the CSV, against the expected rows. */
async function expectSameEverywhere(w: Seeded, search: string, f: Filter, key: string, apiLimit = 700) {
  const want = await expected(w, search, f);
  const wantRows = [...want.divisions, ...want.empty];
  const page = await listDivisionOverview(w.envId, query(paramsOf(search, f)));
  expect({ total: page.total, totalCapped: page.totalCapped }, `${search} ${JSON.stringify(f)}`).toEqual({
    total: Math.min(want.all, SEARCH_COUNT_CAP),
    totalCapped: want.all > SEARCH_COUNT_CAP,
  });
  expect(page.rows.map((r) => r.code ?? r.administration)).toEqual(wantRows.slice(0, 100));
  // Each row's state, as the filter and the tiles mean it.
  for (const r of page.rows) expect(r.state).toBe(want.states.get(r.code ?? (r.administration as string)));
  // Descending by code: the same rows from the other end (administrations without a code last,
  // by description descending).
  const desc = await listDivisionOverview(w.envId, query({ ...paramsOf(search, f), sort: "division", dir: "desc" }));
  expect(desc.rows.map((r) => r.code ?? r.administration)).toEqual(
    [...[...want.divisions].reverse(), ...[...want.empty].reverse()].slice(0, 100),
  );

  // The API's rows (every one, page by page, never capped) and the CSV's.
  const filters = {
    state: (f.state ?? null) as never,
    loginId: f.login ?? null,
    administrationId: f.admin ?? null,
    site: (f.site ?? null) as never,
    search,
  };
  const api: string[] = [];
  let after = null;
  do {
    const next = await listDivisionRowsAfter(w.envId, filters, after, apiLimit);
    api.push(...next.rows.map((r) => r.code ?? (r.administration as string)));
    for (const r of next.rows) expect(r.state).toBe(want.states.get(r.code ?? (r.administration as string)));
    after = next.next;
  } while (after);
  expect(api).toEqual(wantRows);
  // Other orders give the same rows (all of them on one page here).
  if (want.all <= 100) {
    for (const [sort, dir] of [
      ["administration", "desc"],
      ["state", "asc"],
      ["exactDivision", "desc"],
    ]) {
      const other = await listDivisionOverview(w.envId, query({ ...paramsOf(search, f), sort, dir }));
      expect(other.rows.map((r) => r.code ?? r.administration).sort()).toEqual([...wantRows].sort());
    }
  }
  const t = createTranslator({ locale: "nl", messages: nl }) as unknown as Translate;
  let csv = "";
  for await (const chunk of overviewCsv(w.envId, query(paramsOf(search, f)), t, "nl")) csv += chunk.toString();
  expect(csv.trim().split(/\r?\n/).length - 1).toBe(want.all);

  // The API route itself, its first page: the same first rows.
  const response = await listDivisionsRoute(
    new Request(`http://portal.test/api/v1/divisions?${new URLSearchParams({ ...paramsOf(search, f), limit: "50" })}`, {
      headers: { authorization: `Bearer ${key}` },
    }),
    { params: Promise.resolve({}) },
  );
  expect(response.status).toBe(200);
  const body = (await response.json()) as {
    data: { code: string | null; administration: { description: string } | null }[];
  };
  expect(body.data.map((r) => r.code ?? r.administration?.description)).toEqual(wantRows.slice(0, 50));
  return want;
}

test("a search with a filter finds exactly the filtered rows, counted up to the cap, alike in the overview, the API and the CSV", async () => {
  const w = await seed();
  // The stored numbers the shortcut reads, asserted against the divisions themselves.
  const kept = await getSql()<{ division_count: number; n: number; unmapped_division_count: number; u: number }[]>`
    select a.description, a.division_count, a.unmapped_division_count,
      (select count(*) from divisions d where d.administration_id = a.id)::integer as n,
      (select count(*) from divisions d where d.administration_id = a.id and d.exact_division_code is null)::integer as u
    from administrations a where a.environment_id = ${w.envId} order by a.description`;
  expect(kept.length).toBe(w.admins.size);
  for (const k of kept) {
    expect([k.division_count, k.unmapped_division_count]).toEqual([k.n, k.u]);
  }
  const { key } = await createApiKey(SYSTEM_ACTOR, w.envId, { name: "Filtertest", expiresAt: null });

  // Broad within the filter, no administration found by the text: counted to the cap from divisions.
  // (Every mapped division's Exact code, 1000000 + n, holds "00" and "100".)
  let want = await expectSameEverywhere(w, "00", { state: "active" }, key);
  expect(want.all).toBeGreaterThan(SEARCH_COUNT_CAP);
  want = await expectSameEverywhere(w, "100", { login: w.loginNl }, key);
  expect(want.all).toBeGreaterThan(SEARCH_COUNT_CAP);
  // The administrations found hold more than the cap under the filter: said without counting divisions.
  want = await expectSameEverywhere(w, "noord", { site: "NL" }, key);
  expect(want.all).toBeGreaterThan(SEARCH_COUNT_CAP);
  // Some found by their administration (Zuid Café, fewer than the cap), more by their own text (Zuidas).
  want = await expectSameEverywhere(w, "zuid", { site: "NL" }, key);
  expect(want.all).toBeGreaterThan(SEARCH_COUNT_CAP);
  // Exact below the cap: a state, a login, an administration, short and long texts, accents.
  expect((await expectSameEverywhere(w, "zuid", { state: "error" }, key)).all).toBeGreaterThan(500);
  expect((await expectSameEverywhere(w, "12", { state: "error" }, key)).all).toBeGreaterThan(10);
  expect((await expectSameEverywhere(w, "12", { site: "NL", state: "active" }, key)).empty).toEqual(["Leeg 12"]);
  expect((await expectSameEverywhere(w, "oost", { login: w.loginDe }, key)).empty).toEqual(["Leeg Oost"]);
  expect((await expectSameEverywhere(w, "divisie 1", { admin: w.oost }, key)).all).toBeGreaterThan(10);
  expect((await expectSameEverywhere(w, "CAFE zoë", { state: "not_linked" }, key)).divisions).toEqual(["7"]);
  // A rare text, not linked: division 97 has neither an administration nor an Exact division, and
  // is one row, counted once (the overview's count once took it for a linked part's row as well).
  const rareUnlinked = await expectSameEverywhere(w, "97", { state: "not_linked" }, key);
  expect(rareUnlinked.divisions).toContain("97");
  expect((await expectSameEverywhere(w, "ca", { state: "error", site: "NL" }, key)).all).toBeGreaterThan(500);
  // Not linked: the unmapped divisions under any administration, those without one, and West's.
  const unmapped = await expectSameEverywhere(w, "di", { state: "not_linked" }, key);
  expect(unmapped.divisions).toEqual(expect.arrayContaining(["15", "97", "150"]));

  // A filter that leaves nothing: no pending login, no site BE, a state and site no administration has.
  for (const f of [{ state: "pending" }, { site: "BE" }, { site: "DE", state: "active" }]) {
    expect((await expectSameEverywhere(w, "divisie", f, key)).all).toBe(0);
  }
  // A text found only outside the filter: Noord is active and NL, Zuidas are Noord's, Oost is DE.
  for (const [search, f] of [
    ["noord", { state: "error" }],
    ["zuidas", { site: "DE" }],
    ["oost", { site: "NL" }],
    ["leeg", { state: "not_linked" }],
  ] as const) {
    expect((await expectSameEverywhere(w, search, f, key)).all).toBe(0);
  }

  // Noord loses its login: all its divisions are not linked, with West's, the unmapped ones and
  // those without an administration; more than the cap, by its description or by their own text.
  await getSql()`update administrations set oauth_login_id = null where environment_id = ${w.envId} and description = 'Noord'`;
  const [noord] = await getSql()<{ login: string | null }[]>`
    select oauth_login_id as login from administrations where environment_id = ${w.envId} and description = 'Noord'`;
  expect(noord.login).toBeNull();
  const noordNow = [...w.admins.values()].find((a) => a.description === "Noord");
  Object.assign(noordNow ?? {}, { state: "not_linked", site: null, loginId: null });
  expect((await expectSameEverywhere(w, "noord", { state: "not_linked" }, key)).all).toBeGreaterThan(SEARCH_COUNT_CAP);
  expect((await expectSameEverywhere(w, "divisie", { state: "not_linked" }, key)).all).toBeGreaterThan(500);
  expect((await expectSameEverywhere(w, "10", { state: "not_linked" }, key)).all).toBeGreaterThan(SEARCH_COUNT_CAP);
  expect((await expectSameEverywhere(w, "zuidas", { state: "not_linked" }, key)).all).toBeGreaterThan(500);
  expect((await expectSameEverywhere(w, "noord", { site: "NL" }, key)).all).toBe(0);
});

test("a rare text without a filter: its rows, with and without an administration, alike in every order, the API's pages and the CSV", async () => {
  const w = await seed();
  const { key } = await createApiKey(SYSTEM_ACTOR, w.envId, { name: "Zeldzaam", expiresAt: null });
  // 97 has no administration (nor an Exact division); 1950 has no Exact division; Zuid Café's divisions are found by its description.
  const rare = await expectSameEverywhere(w, "97", {}, key, 7);
  expect(rare.divisions).toEqual(expect.arrayContaining(["97", "970", "1097"]));
  const [row] = await getSql()<{ administration_id: string | null }[]>`
    select administration_id from divisions where environment_id = ${w.envId} and code = '97'`;
  expect(row.administration_id).toBeNull();
  expect((await expectSameEverywhere(w, "Zoë", {}, key, 1)).divisions).toEqual(["7"]);
  const byDescription = await expectSameEverywhere(w, "café", {}, key, 250);
  expect(byDescription.all).toBeGreaterThan(500);
  expect(byDescription.all).toBeLessThanOrEqual(SEARCH_COUNT_CAP);
  expect((await expectSameEverywhere(w, "leeg", {}, key, 1)).empty).toEqual(["Leeg 12", "Leeg Oost"]);
  expect((await expectSameEverywhere(w, "zq", {}, key)).all).toBe(0);
});
