import { createTranslator } from "use-intl/core";
import { beforeEach, expect, test } from "vitest";
import { getDb, getSql } from "@/db/client";
import { administrations, divisions, oauthLogins } from "@/db/schema";
import { listDivisionOverview } from "@/lib/data/division-overview";
import { listDivisions } from "@/lib/data/divisions";
import { listEnvironments } from "@/lib/data/environments";
import type { Translate } from "@/lib/i18n/describe-login-state";
import { overviewCsv } from "@/lib/overview/overview-csv";
import { loadOverviewParams, overviewQueryOf, SEARCH_COUNT_CAP } from "@/lib/schemas/overview-params";
import nl from "@/messages/nl.json";
import { resetDatabase } from "../support/reset-database";

beforeEach(resetDatabase);

const query = (search = "") => overviewQueryOf(loadOverviewParams(new URLSearchParams(search)));
const codesOf = async (envId: string, search: string) =>
  (await listDivisionOverview(envId, query(`${search}&size=100`))).rows.map((r) => r.code);

async function seed(envId: string) {
  const [login] = await getDb()
    .insert(oauthLogins)
    .values({ environmentId: envId, description: "L", site: "NL", status: "active" })
    .returning({ id: oauthLogins.id });
  const [cafe, plain] = await getDb()
    .insert(administrations)
    .values([
      { environmentId: envId, description: "Brasserie Noël", oauthLoginId: login.id },
      { environmentId: envId, description: "Gwn", oauthLoginId: login.id },
    ])
    .returning({ id: administrations.id });
  await getDb()
    .insert(divisions)
    .values([
      { environmentId: envId, code: "1", name: "Café Zoë", administrationId: plain.id, exactDivisionCode: 11 },
      { environmentId: envId, code: "2", name: "ZOEKEN BV", administrationId: plain.id, exactDivisionCode: 12 },
      { environmentId: envId, code: "3", name: "Crème brûlée", administrationId: plain.id, exactDivisionCode: 13 },
      { environmentId: envId, code: "4", name: "Andere", administrationId: cafe.id, exactDivisionCode: 14 },
      { environmentId: envId, code: "5", name: "Øresund ÇA", exactDivisionCode: null },
      { environmentId: envId, code: "6", name: "50% korting_x", administrationId: plain.id, exactDivisionCode: 16 },
    ]);
}

test("search ignores accents and case, for short and long texts, in divisions and administrations", async () => {
  const [env, other] = await listEnvironments();
  await seed(env.id);
  await seed(other.id);
  // The stored folded text (a generated column), asserted in the database.
  const [row] = await getSql()<{ search_text: string }[]>`
    select search_text from divisions where environment_id = ${env.id} and code = '1'`;
  expect(row.search_text).toBe("1 cafe zoe   11");
  expect(await codesOf(env.id, "q=zoe")).toEqual(["1", "2"]);
  expect(await codesOf(env.id, "q=Zoë")).toEqual(["1", "2"]);
  expect(await codesOf(env.id, "q=cafe")).toEqual(["1"]);
  expect(await codesOf(env.id, "q=CAFÉ ZOË")).toEqual(["1"]);
  expect(await codesOf(env.id, "q=creme brulee")).toEqual(["3"]);
  expect(await codesOf(env.id, "q=oresund ca")).toEqual(["5"]);
  // Short texts: one and two letters, accented or not.
  expect(await codesOf(env.id, "q=ë")).toEqual(["1", "2", "3", "4", "5"]);
  expect(await codesOf(env.id, "q=çA")).toEqual(["1", "5"]);
  expect(await codesOf(env.id, "q=ø")).toEqual(["1", "2", "4", "5", "6"]);
  // The administration's description: its divisions match ("noel" finds Brasserie Noël's 4).
  expect(await codesOf(env.id, "q=noel")).toEqual(["4"]);
  expect(await codesOf(env.id, "q=oë")).toEqual(["1", "2", "4"]);
  // Wildcards are letters, short or long; nothing found is nothing.
  expect(await codesOf(env.id, "q=%")).toEqual(["6"]);
  expect(await codesOf(env.id, "q=_x")).toEqual(["6"]);
  expect(await codesOf(env.id, "q=50%25 k")).toEqual(["6"]);
  expect(await codesOf(env.id, "q=zz")).toEqual([]);
  expect(await codesOf(env.id, "q=cafe zoe x")).toEqual([]);
  const found = await listDivisionOverview(env.id, query("q=zoe"));
  expect(found).toMatchObject({ total: 2, totalCapped: false });
});

test("a broad search is counted up to the cap and says so; a page within the cap still comes", async () => {
  const [env] = await listEnvironments();
  const n = SEARCH_COUNT_CAP + 30;
  await getSql()`
    insert into divisions (environment_id, code, name, exact_division_code)
    select ${env.id}, g::text, 'Divisie ' || g, g from generate_series(1, ${n}) g`;
  const broad = await listDivisionOverview(env.id, query("q=di"));
  expect(broad).toMatchObject({ total: SEARCH_COUNT_CAP, totalCapped: true, page: 1 });
  expect(broad.rows.map((r) => r.code)).toEqual(Array.from({ length: 25 }, (_, i) => String(i + 1)));
  const longBroad = await listDivisionOverview(env.id, query("q=divisie&page=42"));
  expect(longBroad).toMatchObject({ totalCapped: true, page: 42 });
  expect(longBroad.rows.map((r) => r.code)).toEqual(
    Array.from({ length: 25 }, (_, i) => String(1026 + i)).filter((c) => Number(c) <= n),
  );
  // Exactly at the cap and below it: an exact number.
  await getSql()`delete from divisions where environment_id = ${env.id} and code::integer > ${SEARCH_COUNT_CAP}`;
  expect(await listDivisionOverview(env.id, query("q=divisie"))).toMatchObject({
    total: SEARCH_COUNT_CAP,
    totalCapped: false,
  });
  expect(await listDivisionOverview(env.id, query("q=divisie 99"))).toMatchObject({ total: 11, totalCapped: false });
  // Past the end of an exact count: the last page, as before.
  expect((await listDivisionOverview(env.id, query("q=divisie 99&page=9"))).page).toBe(1);

  // Found through their administration's description: broad (all 1,000 under Noël) and rare.
  const [noel, small] = await getDb()
    .insert(administrations)
    .values([
      { environmentId: env.id, description: "Noël Holding" },
      { environmentId: env.id, description: "Klein" },
    ])
    .returning({ id: administrations.id });
  await getSql()`
    insert into divisions (environment_id, code, name, exact_division_code)
    select ${env.id}, g::text, 'Divisie ' || g, g from generate_series(${SEARCH_COUNT_CAP + 1}::integer, ${SEARCH_COUNT_CAP + 5}::integer) g`;
  await getSql()`update divisions set administration_id = ${noel.id} where environment_id = ${env.id}`;
  await getSql()`update divisions set administration_id = ${small.id} where environment_id = ${env.id} and code in ('7', '700')`;
  const byAdministration = await listDivisionOverview(env.id, query("q=noel"));
  expect(byAdministration).toMatchObject({ total: SEARCH_COUNT_CAP, totalCapped: true });
  expect(byAdministration.rows.map((r) => r.code).slice(0, 7)).toEqual(["1", "2", "3", "4", "5", "6", "8"]);
  expect(await codesOf(env.id, "q=klein")).toEqual(["7", "700"]);
  expect(await codesOf(env.id, "q=kl")).toEqual(["7", "700"]);
});

test("a text the planner takes for broad but is not is counted and paged exactly (stale statistics)", async () => {
  const [env] = await listEnvironments();
  await getSql()`
    insert into divisions (environment_id, code, name, exact_division_code)
    select ${env.id}, g::text, 'Divisie ' || g, g from generate_series(1, 5000) g`;
  await getSql()`analyze divisions`;
  // After the statistics were taken only 20 still say "di": the estimate says 5,000.
  await getSql()`update divisions set name = 'Afdeling ' || code where environment_id = ${env.id} and code::integer > 20`;
  const [{ "QUERY PLAN": plan }] = await getSql().unsafe(
    `explain (format json) select 1 from divisions
     where environment_id = '${env.id}' and koppeling_short_grams(search_text) @> array['di']`,
  );
  expect(plan[0].Plan["Plan Rows"]).toBeGreaterThan(4 * SEARCH_COUNT_CAP);
  const found = await listDivisionOverview(env.id, query("q=di&size=100"));
  expect(found).toMatchObject({ total: 20, totalCapped: false, page: 1 });
  expect(found.rows.map((r) => r.code)).toEqual(Array.from({ length: 20 }, (_, i) => String(i + 1)));
});

test("division codes sort as people read them: the overview both ways, the divisions grid and the CSV", async () => {
  const [env] = await listEnvironments();
  const codes = ["101", "2", "10", "1", "B2", "B10", "20", "3", "007"];
  await getDb()
    .insert(divisions)
    .values(codes.map((code) => ({ environmentId: env.id, code, name: `D ${code}` })));
  const natural = ["1", "2", "3", "007", "10", "20", "101", "B2", "B10"];
  expect(await codesOf(env.id, "")).toEqual(natural);
  expect(await codesOf(env.id, "sort=division&dir=desc")).toEqual([...natural].reverse());
  // Within a search, and as the tie-breaker of another sort (all rows share the state).
  expect(await codesOf(env.id, "q=d 1")).toEqual(["1", "10", "101"]);
  expect(await codesOf(env.id, "sort=state")).toEqual(natural);
  expect((await listDivisions(env.id)).map((d) => d.code)).toEqual(natural);
  const t = createTranslator({ locale: "nl", messages: nl }) as unknown as Translate;
  let text = "";
  for await (const chunk of overviewCsv(env.id, query(), t, "nl")) text += chunk.toString();
  const csvCodes = text
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => line.split(" - ")[0]);
  expect(csvCodes).toEqual(natural);
  // The sort key is stored with the row (a generated column, indexed).
  const keys = await getSql()<{ code: string; code_sort: string }[]>`
    select code, code_sort from divisions where environment_id = ${env.id} and code in ('101', 'B10', '007')
    order by code`;
  expect(keys.map((k) => [k.code, k.code_sort])).toEqual([
    ["007", "017"],
    ["101", "03101"],
    ["B10", "B0210"],
  ]);
});
