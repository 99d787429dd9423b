import { eq } from "drizzle-orm";
import { createTranslator } from "use-intl/core";
import { beforeEach, expect, test } from "vitest";
import { getDb } from "@/db/client";
import { administrations, auditEvents, divisions, oauthLogins } from "@/db/schema";
import { listDivisionOverview } from "@/lib/data/division-overview";
import { streamDivisionOverview } from "@/lib/data/division-overview-stream";
import { listEnvironments } from "@/lib/data/environments";
import type { Translate } from "@/lib/i18n/describe-login-state";
import { describeOverviewRow } from "@/lib/overview/describe-overview-row";
import { overviewCsv, overviewCsvFileName } from "@/lib/overview/overview-csv";
import { recordOverviewExport } from "@/lib/overview/record-overview-export";
import { loadOverviewParams, type OverviewQuery, overviewQueryOf } from "@/lib/schemas/overview-params";
import nl from "@/messages/nl.json";
import { resetDatabase } from "../support/reset-database";
import { actorOf, makeUser } from "../support/users";

beforeEach(resetDatabase);

const query = (search = "") => overviewQueryOf(loadOverviewParams(new URLSearchParams(search)));
const rowsOf = async (envId: string, search = "") => (await listDivisionOverview(envId, query(search))).rows;

test("one row per division with its administration, login, site, Exact division and token state", async () => {
  const [env, other] = await listEnvironments();
  const days = (n: number) => new Date(Date.now() + n * 86400000);
  const [healthy, expiring] = await getDb()
    .insert(oauthLogins)
    .values([
      { environmentId: env.id, description: "Gezond", site: "NL", status: "active", loginExpiresAt: days(20) },
      { environmentId: env.id, description: "Bijna op", site: "BE", status: "active", loginExpiresAt: days(3) },
    ])
    .returning({ id: oauthLogins.id });
  const [a1, a2] = await getDb()
    .insert(administrations)
    .values([
      { environmentId: env.id, description: "ONLINE", oauthLoginId: healthy.id },
      { environmentId: env.id, description: "BELGIE", oauthLoginId: expiring.id },
    ])
    .returning({ id: administrations.id });
  await getDb()
    .insert(divisions)
    .values([
      {
        environmentId: env.id,
        code: "1",
        name: "Qics BV",
        administrationId: a1.id,
        exactDivisionCode: 2340001,
        exactDivisionDescription: "Qics BV",
        exactDivisionHid: "1",
      },
      { environmentId: env.id, code: "2", name: "Qics België", administrationId: a2.id },
      { environmentId: env.id, code: "3", name: "Los" },
      { environmentId: other.id, code: "9", name: "Andere omgeving" },
    ]);

  const rows = await rowsOf(env.id);
  expect(rows.map((r) => r.code)).toEqual(["1", "2", "3"]);
  expect(rows[0]).toMatchObject({
    administration: "ONLINE",
    oauthLogin: "Gezond",
    site: "NL",
    state: "active",
    exactDivision: "1 - Qics BV (2340001)",
  });
  // Its administration's link is expiring, but it has no Exact division: not linked, no reason told.
  expect(rows[1]).toMatchObject({
    administration: "BELGIE",
    site: "BE",
    state: "not_linked",
    exactDivision: null,
    lastError: null,
  });
  expect(rows[2]).toMatchObject({ administration: null, oauthLogin: null, state: "not_linked" });

  await getDb().update(oauthLogins).set({ status: "needs_reauth" }).where(eq(oauthLogins.id, healthy.id));
  expect((await rowsOf(env.id))[0].state).toBe("needs_reauth");
});

async function seedMany(envId: string) {
  const [login] = await getDb()
    .insert(oauthLogins)
    .values({
      environmentId: envId,
      description: "Login",
      site: "NL",
      status: "active",
      loginExpiresAt: new Date(Date.now() + 60 * 86400000),
      consentedAt: new Date(Date.now() - 86400000),
    })
    .returning({ id: oauthLogins.id });
  const [ok, broken, empty] = await getDb()
    .insert(administrations)
    .values([
      { environmentId: envId, description: "Goed", oauthLoginId: login.id },
      {
        environmentId: envId,
        description: "Kapotte proxy",
        oauthLoginId: login.id,
        lastCallAt: new Date(),
        lastCallOk: false,
        lastCallError: "proxy_unreachable",
      },
      { environmentId: envId, description: "Zonder divisies", oauthLoginId: login.id },
    ])
    .returning({ id: administrations.id });
  await getDb()
    .insert(divisions)
    .values([
      ...Array.from({ length: 30 }, (_, i) => ({
        environmentId: envId,
        code: String(100 + i),
        name: `Divisie ${i}`,
        administrationId: i % 3 === 0 ? broken.id : ok.id,
        exactDivisionCode: 3000 + i,
      })),
      {
        environmentId: envId,
        code: "200",
        name: "100% korting_actie",
        administrationId: ok.id,
        exactDivisionCode: 3200,
      },
      {
        environmentId: envId,
        code: "201",
        name: "100 procent korting",
        administrationId: ok.id,
        exactDivisionCode: 3201,
      },
    ]);
  return { ok, broken, empty, login };
}

test("a division whose administration's last call failed is an error with the administration's reason; administrations without divisions appear", async () => {
  const [env] = await listEnvironments();
  const { empty } = await seedMany(env.id);
  const page = await listDivisionOverview(env.id, query("size=100"));
  expect(page.total).toBe(33);
  expect(page.counts).toMatchObject({ active: 23, error: 10, not_linked: 0 }); // 22 divisions + the administration without
  const broken = page.rows.find((r) => r.code === "100");
  expect(broken).toMatchObject({ state: "error", reasonOf: "administration", lastError: "proxy_unreachable" });
  expect(page.rows.find((r) => r.id === empty.id)).toMatchObject({ code: null, administration: "Zonder divisies" });
  const errors = await listDivisionOverview(env.id, query("state=error&size=100"));
  expect(errors.rows).toHaveLength(10);
  expect(errors.total).toBe(10);
});

test("sort on the allowlist only: an unknown sort is the default, never SQL", async () => {
  const [env] = await listEnvironments();
  await seedMany(env.id);
  const byDefault = (await rowsOf(env.id)).map((r) => r.id);
  for (const sort of ["name;drop table divisions", "code", "1", "r.id desc"]) {
    expect((await rowsOf(env.id, `sort=${encodeURIComponent(sort)}`)).map((r) => r.id)).toEqual(byDefault);
  }
  const q: OverviewQuery = { ...query(), sort: "d.id; select 1" as never };
  expect((await listDivisionOverview(env.id, q)).rows.map((r) => r.id)).toEqual(byDefault);
  const byState = await rowsOf(env.id, "sort=state&size=100");
  expect(byState[0].state).toBe("error");
  const desc = await rowsOf(env.id, "sort=division&dir=desc");
  expect(desc[0].code).toBe("201");
});

test("search takes % and _ literally, finds administrations too, and may find nothing", async () => {
  const [env] = await listEnvironments();
  await seedMany(env.id);
  expect((await rowsOf(env.id, "q=100%25")).map((r) => r.code)).toEqual(["200"]);
  expect((await rowsOf(env.id, "q=korting_")).map((r) => r.code)).toEqual(["200"]);
  expect((await rowsOf(env.id, "q=kapotte")).length).toBe(10);
  const none = await listDivisionOverview(env.id, query("q=%25%25niets_"));
  expect(none).toMatchObject({ rows: [], total: 0 });
});

test("the last page, and a page past it shows the last page", async () => {
  const [env] = await listEnvironments();
  await seedMany(env.id);
  const last = await listDivisionOverview(env.id, query("page=2"));
  expect(last).toMatchObject({ page: 2, total: 33 });
  expect(last.rows).toHaveLength(8);
  expect((await listDivisionOverview(env.id, query("page=99"))).page).toBe(2);
  const filtered = await listDivisionOverview(env.id, query("q=divisie&page=2"));
  expect(filtered.total).toBe(31); // 30 divisions and the administration "Zonder divisies"
  expect(filtered.rows).toHaveLength(6);
});

test("the export streams every row of the filtered, sorted set", async () => {
  const [env] = await listEnvironments();
  await seedMany(env.id);
  const seen: string[] = [];
  for await (const batch of streamDivisionOverview(env.id, query("state=error&sort=division&dir=desc"), 4)) {
    seen.push(...batch.map((r) => r.code ?? ""));
  }
  expect(seen).toEqual(["127", "124", "121", "118", "115", "112", "109", "106", "103", "100"]);
});

test("every row reads in words, dates as 2-7-2016", async () => {
  const [env] = await listEnvironments();
  await seedMany(env.id);
  const t = createTranslator({ locale: "nl", messages: nl }) as unknown as Translate;
  const rows = (await listDivisionOverview(env.id, query("size=100"))).rows;
  const cells = rows.map((r) => describeOverviewRow(t, r, "nl"));
  expect(cells.find((c) => c.division.startsWith("100 "))?.state).toMatch(/^Fout: De proxyserver is niet bereikbaar/);
  expect(cells.find((c) => c.division.startsWith("101 "))?.state).toMatch(/^Geldig tot \d{1,2}-\d{1,2}-\d{4}$/);
});

test("the CSV keeps what a spreadsheet would run as a formula as text, and keeps times as the page shows them", async () => {
  const [env] = await listEnvironments();
  // Free text anyone with a login can type, as a team lead's spreadsheet would otherwise run it.
  const formulas = [
    '=HYPERLINK("http://evil.example","Klik")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-2+3",
    "\t=1+1",
    "\r=1+1",
  ];
  const checkedAt = new Date("2026-12-06T13:05:00Z");
  const [login] = await getDb()
    .insert(oauthLogins)
    .values({ environmentId: env.id, description: "Login", site: "NL", status: "active", lastCheckAt: checkedAt })
    .returning({ id: oauthLogins.id });
  const rows = await getDb()
    .insert(administrations)
    .values(formulas.map((description) => ({ environmentId: env.id, description, oauthLoginId: login.id })))
    .returning({ id: administrations.id });
  await getDb()
    .insert(divisions)
    .values(rows.map((a, i) => ({ environmentId: env.id, code: `F${i}`, name: "Gewoon", administrationId: a.id })));
  const t = createTranslator({ locale: "nl", messages: nl, timeZone: "Europe/Amsterdam" }) as unknown as Translate;
  let text = "";
  for await (const chunk of overviewCsv(env.id, query("size=100"), t, "nl")) text += chunk;
  const cells = text
    .replace(/^\uFEFF/, "")
    .split(/\r?\n(?=F\d|$)/)
    .slice(1, -1)
    .map((line) => line.split(";"));
  expect(cells).toHaveLength(formulas.length);
  // Each administration cell: the text as typed, behind a ' that makes it text (quoted where
  // it holds a quote, a tab or a line break, as CSV does).
  const administrationCells = cells.map((c) => c[1].replace(/^"|"$/g, "").replace(/""/g, '"'));
  expect(administrationCells.sort()).toEqual(formulas.map((f) => `'${f}`).sort());
  // Times as the page shows them (Amsterdam, 14:05 in December), not the date alone.
  expect(cells.every((c) => c[6] === "6-12-2026 14:05")).toBe(true);
});

test("the CSV's file name says what it is, of which environment and which day in Amsterdam", () => {
  expect(overviewCsvFileName("overzicht", "Productie", new Date("2026-12-06T10:00:00Z"))).toBe(
    "overzicht-productie-2026-12-06.csv",
  );
  // Late on the 6th in UTC is already the 7th in Amsterdam; accents and spaces become a plain name.
  expect(overviewCsvFileName("overview", "Test Zoë", new Date("2026-12-06T23:30:00Z"))).toBe(
    "overview-test-zoe-2026-12-07.csv",
  );
  expect(overviewCsvFileName("overzicht", "!!", new Date("2026-12-06T10:00:00Z"))).toBe(
    "overzicht-omgeving-2026-12-06.csv",
  );
});

test("an export is audited with who, the filter and how many rows", async () => {
  const [env] = await listEnvironments();
  await seedMany(env.id);
  const t = createTranslator({ locale: "nl", messages: nl, timeZone: "Europe/Amsterdam" }) as unknown as Translate;
  const ends: [number, boolean][] = [];
  const onEnd = async (rows: number, complete: boolean) => {
    ends.push([rows, complete]);
  };
  let text = "";
  for await (const chunk of overviewCsv(env.id, query("state=error"), t, "nl", onEnd)) text += chunk;
  expect(text.trim().split(/\r?\n/)).toHaveLength(11);
  expect(ends).toEqual([[10, true]]);

  const admin = await makeUser("lead@example.nl", "viewer");
  await recordOverviewExport(actorOf(admin), { id: env.id, name: env.name }, "state=error", 10, true);
  const [event] = await getDb()
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.action, "environment.overview_exported"));
  expect(event).toMatchObject({
    actorUserId: admin.id,
    entityId: env.id,
    detail: { name: env.name, filter: "state=error", rows: 10, complete: true },
  });
});
