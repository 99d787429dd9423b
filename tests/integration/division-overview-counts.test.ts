import { eq, inArray } from "drizzle-orm";
import { beforeEach, expect, test } from "vitest";
import { getDb, getSql } from "@/db/client";
import { administrations, divisions, oauthLogins } from "@/db/schema";
import { listDivisionOverview } from "@/lib/data/division-overview";
import { listEnvironments } from "@/lib/data/environments";
import { loadOverviewParams, overviewQueryOf } from "@/lib/schemas/overview-params";
import { resetDatabase } from "../support/reset-database";

beforeEach(resetDatabase);

const query = (search = "") => overviewQueryOf(loadOverviewParams(new URLSearchParams(search)));

/** The numbers the triggers keep, beside the numbers counted from the divisions themselves. */
async function keptAndCounted() {
  const sql = getSql();
  const kept = await sql<{ id: string; n: number; unmapped: number }[]>`
    select id, division_count as n, unmapped_division_count as unmapped from administrations
    union all select id, unlinked_division_count, 0 from environments order by id`;
  const counted = await sql<{ id: string; n: number; unmapped: number }[]>`
    select a.id, (select count(*) from divisions d where d.administration_id = a.id)::integer as n,
      (select count(*) from divisions d where d.administration_id = a.id and d.exact_division_code is null)::integer as unmapped
    from administrations a
    union all
    select e.id, (select count(*) from divisions d where d.environment_id = e.id and d.administration_id is null)::integer, 0
    from environments e order by id`;
  return { kept: [...kept], counted: [...counted] };
}

async function expectCountsRight() {
  const { kept, counted } = await keptAndCounted();
  expect(kept).toEqual(counted);
}

test("division counts stay right after inserts, moves, unlinking, deletes and a removed administration", async () => {
  const [env, other] = await listEnvironments();
  const [a1, a2, a3] = await getDb()
    .insert(administrations)
    .values([
      { environmentId: env.id, description: "A1" },
      { environmentId: env.id, description: "A2" },
      { environmentId: other.id, description: "B1" },
    ])
    .returning({ id: administrations.id });
  await getDb()
    .insert(divisions)
    .values([
      ...[1, 2, 3].map((n) => ({ environmentId: env.id, code: `1${n}`, name: `D${n}`, administrationId: a1.id })),
      { environmentId: env.id, code: "21", name: "E", administrationId: a2.id },
      { environmentId: env.id, code: "90", name: "Los" },
      { environmentId: other.id, code: "31", name: "F", administrationId: a3.id },
    ]);
  await expectCountsRight();
  expect((await keptAndCounted()).kept.find((r) => r.id === a1.id)?.n).toBe(3);

  // A move between administrations, a rename (no change), unlinking and linking.
  await getDb().update(divisions).set({ administrationId: a2.id }).where(eq(divisions.code, "11"));
  await getDb().update(divisions).set({ name: "Hernoemd" }).where(eq(divisions.environmentId, env.id));
  await getDb().update(divisions).set({ administrationId: null }).where(eq(divisions.code, "12"));
  await getDb().update(divisions).set({ administrationId: a1.id }).where(eq(divisions.code, "90"));
  await expectCountsRight();

  // Mapped to an Exact division and unmapped again (the unmapped count moves, the count does not).
  await getDb()
    .update(divisions)
    .set({ exactDivisionCode: 5001 })
    .where(inArray(divisions.code, ["11", "13", "90"]));
  await expectCountsRight();
  expect((await keptAndCounted()).kept.find((r) => r.id === a1.id)).toMatchObject({ n: 2, unmapped: 0 });
  await getDb().update(divisions).set({ exactDivisionCode: null }).where(eq(divisions.code, "13"));
  await expectCountsRight();
  expect((await keptAndCounted()).kept.find((r) => r.id === a1.id)).toMatchObject({ n: 2, unmapped: 1 });

  // Deletes, and an administration removed (its divisions' link set to null by the foreign key).
  await getDb()
    .delete(divisions)
    .where(inArray(divisions.code, ["13", "21"]));
  await expectCountsRight();
  await getDb().delete(administrations).where(eq(administrations.id, a2.id));
  await expectCountsRight();
  const { kept } = await keptAndCounted();
  expect(kept.find((r) => r.id === env.id)?.n).toBe(2);
});

test("the overview's counts and totals match its rows under every filter", async () => {
  const [env] = await listEnvironments();
  const [login] = await getDb()
    .insert(oauthLogins)
    .values({ environmentId: env.id, description: "L", site: "NL", status: "active" })
    .returning({ id: oauthLogins.id });
  const [withLogin, without, empty] = await getDb()
    .insert(administrations)
    .values([
      { environmentId: env.id, description: "MET", oauthLoginId: login.id },
      { environmentId: env.id, description: "ZONDER" },
      { environmentId: env.id, description: "LEEG", oauthLoginId: login.id },
    ])
    .returning({ id: administrations.id });
  await getDb()
    .insert(divisions)
    .values([
      { environmentId: env.id, code: "1", name: "Een", administrationId: withLogin.id, exactDivisionCode: 101 },
      { environmentId: env.id, code: "2", name: "Twee", administrationId: withLogin.id, exactDivisionCode: 102 },
      { environmentId: env.id, code: "3", name: "Drie", administrationId: without.id, exactDivisionCode: 103 },
      { environmentId: env.id, code: "4", name: "Vier" },
    ]);
  const all = await listDivisionOverview(env.id, query("size=100"));
  expect(all.rows).toHaveLength(5);
  expect(all.total).toBe(5);
  expect(all.counts).toEqual({ active: 3, expiring: 0, needs_reauth: 0, error: 0, pending: 0, not_linked: 2 });
  expect(all.rows.find((r) => r.id === empty.id)?.state).toBe("active");
  for (const search of [
    "state=not_linked",
    "state=active",
    `login=${login.id}`,
    `admin=${withLogin.id}`,
    `admin=${empty.id}`,
    "site=NL",
    "site=BE",
    "q=vier",
    "q=met",
    "state=active&q=twee",
  ]) {
    const page = await listDivisionOverview(env.id, query(`${search}&size=100`));
    expect(page.total, search).toBe(page.rows.length);
    expect(page.counts, search).toEqual(all.counts);
  }
  // A division that loses its Exact division under MET's active link: not linked, counted there.
  await getDb().update(divisions).set({ exactDivisionCode: null }).where(eq(divisions.code, "2"));
  const unmapped = await listDivisionOverview(env.id, query("size=100"));
  expect(unmapped.counts).toEqual({ active: 2, expiring: 0, needs_reauth: 0, error: 0, pending: 0, not_linked: 3 });
  expect(unmapped.rows.find((r) => r.code === "2")).toMatchObject({ state: "not_linked", administration: "MET" });
  for (const search of ["state=not_linked", "state=active", `login=${login.id}`, `admin=${withLogin.id}`, "q=twee"]) {
    const page = await listDivisionOverview(env.id, query(`${search}&size=100`));
    expect(page.total, search).toBe(page.rows.length);
    expect(page.counts, search).toEqual(unmapped.counts);
  }
  const notLinked = await listDivisionOverview(env.id, query("state=not_linked&size=100"));
  expect(notLinked.rows.map((r) => r.code)).toEqual(["2", "3", "4"]);
  const active = await listDivisionOverview(env.id, query("state=active&size=100"));
  expect(active.rows.map((r) => r.code)).toEqual(["1", null]);
  const loginNotLinked = await listDivisionOverview(env.id, query(`login=${login.id}&state=not_linked`));
  expect(loginNotLinked.rows.map((r) => r.code)).toEqual(["2"]);

  // Every sort, both ways: the same rows.
  for (const sort of ["division", "administration", "oauthLogin", "site", "exactDivision", "state", "lastCheck"]) {
    for (const dir of ["asc", "desc"]) {
      const page = await listDivisionOverview(env.id, query(`sort=${sort}&dir=${dir}&size=25`));
      expect(page.rows.map((r) => r.id).sort(), `${sort} ${dir}`).toEqual(all.rows.map((r) => r.id).sort());
    }
  }
});
