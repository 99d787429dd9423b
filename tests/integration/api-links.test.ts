import { eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, test } from "vitest";
import { GET as getAdministration } from "@/app/api/v1/administrations/[id]/route";
import { GET as listAdministrationsRoute } from "@/app/api/v1/administrations/route";
import { GET as listDivisionsRoute } from "@/app/api/v1/divisions/route";
import { getDb } from "@/db/client";
import { administrations, divisions, oauthLogins } from "@/db/schema";
import { SYSTEM_ACTOR } from "@/lib/audit/actor";
import { createApiKey } from "@/lib/data/api-keys";
import { listDivisionOverview } from "@/lib/data/division-overview";
import { listEnvironments } from "@/lib/data/environments";
import {
  administrationListSchema,
  administrationOneSchema,
  divisionPageSchema,
  errorSchema,
} from "@/lib/public-api/api-schemas";
import { loadOverviewParams, overviewQueryOf } from "@/lib/schemas/overview-params";
import { resetDatabase } from "../support/reset-database";

beforeEach(resetDatabase);

const SECRETS = ["access-token-GEHEIM-1", "refresh-token-GEHEIM-2", "proxy-wachtwoord-GEHEIM-3", "QICS\\proxyjan"];
const days = (n: number) => new Date(Date.now() + n * 86_400_000);

/** Two environments: Productie with logins, administrations (one behind a proxy) and divisions; Test with its own. */
async function world() {
  const [productie, test] = await listEnvironments();
  const [nl, be, other] = await getDb()
    .insert(oauthLogins)
    .values([
      {
        environmentId: productie.id,
        description: "Exact NL",
        site: "NL",
        status: "active",
        loginExpiresAt: days(60),
        accessTokenEnc: SECRETS[0],
        refreshTokenEnc: SECRETS[1],
      },
      {
        environmentId: productie.id,
        description: "Exact BE",
        site: "BE",
        status: "needs_reauth",
        lastError: "refresh_token_expired",
        loginExpiresAt: days(-1),
      },
      { environmentId: test.id, description: "Exact test", site: "NL", status: "active", loginExpiresAt: days(60) },
    ])
    .returning({ id: oauthLogins.id });
  const [online, belgie, leeg, andere] = await getDb()
    .insert(administrations)
    .values([
      {
        environmentId: productie.id,
        description: "ONLINE",
        oauthLoginId: nl.id,
        proxyServer: "proxy.qics.nl:8080",
        proxyUsername: SECRETS[3],
        proxyPasswordEnc: SECRETS[2],
      },
      { environmentId: productie.id, description: "BELGIE", oauthLoginId: be.id },
      { environmentId: productie.id, description: "LEEG" },
      { environmentId: test.id, description: "ANDERE", oauthLoginId: other.id },
    ])
    .returning({ id: administrations.id });
  const code = (n: number) => String(n).padStart(3, "0");
  await getDb()
    .insert(divisions)
    .values([
      ...Array.from({ length: 6 }, (_, i) => ({
        environmentId: productie.id,
        code: code(i + 1),
        name: `Divisie ${i + 1}`,
        administrationId: i < 4 ? online.id : belgie.id,
        // 006 has no Exact division: not linked, whatever BELGIE's link says.
        exactDivisionCode: i < 5 ? 2340001 + i : null,
        exactDivisionHid: i < 5 ? String(i + 1) : null,
        exactDivisionDescription: i < 5 ? `Qics ${i + 1}` : null,
      })),
      { environmentId: productie.id, code: "007", name: "Los" },
      { environmentId: test.id, code: "001", name: "Andere omgeving", administrationId: andere.id },
    ]);
  const key = (await createApiKey(SYSTEM_ACTOR, productie.id, { name: "Facturatie", expiresAt: null })).key;
  const testKey = (await createApiKey(SYSTEM_ACTOR, test.id, { name: "Test", expiresAt: null })).key;
  return { productie, test, online, belgie, leeg, andere, key, testKey, nl };
}

const call = async (
  // biome-ignore lint/suspicious/noExplicitAny: each route has its own params type; the test hands all of them {id}.
  handler: (r: Request, c: { params: Promise<any> }) => Promise<Response>,
  path: string,
  key: string,
  { id = "", language }: { id?: string; language?: string } = {},
) => {
  const headers: Record<string, string> = { authorization: `Bearer ${key}` };
  if (language) headers["accept-language"] = language;
  const response = await handler(new Request(`http://portal.test${path}`, { headers }), {
    params: Promise.resolve({ id }),
  });
  const text = await response.text();
  for (const secret of SECRETS) expect(text).not.toContain(secret);
  return { status: response.status, body: JSON.parse(text), headers: response.headers };
};
const administrationsOf = (key: string, language?: string) =>
  call(listAdministrationsRoute, "/api/v1/administrations", key, { language });
const divisionsOf = (key: string, query = "") => call(listDivisionsRoute, `/api/v1/divisions${query}`, key);

describe("GET /api/v1/administrations", () => {
  test("the key's environment only, in description order, each with its login, proxy flag, divisions and state", async () => {
    const w = await world();
    const { status, body, headers } = await administrationsOf(w.key);
    expect(status).toBe(200);
    expect(headers.get("cache-control")).toBe("no-store");
    administrationListSchema.parse(body);
    expect(body.data.map((a: { description: string }) => a.description)).toEqual(["BELGIE", "LEEG", "ONLINE"]);
    const [belgie, leeg, online] = body.data;
    expect(online).toEqual({
      id: w.online.id,
      description: "ONLINE",
      type: "exact_online",
      state: "active",
      stateDescription: expect.stringMatching(/^Valid until \d\d\/\d\d\/\d{4}$/),
      reason: null,
      oauthLogin: {
        id: w.nl.id,
        description: "Exact NL",
        site: "NL",
        status: "active",
        expiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
      proxySet: true,
      divisions: [1, 2, 3, 4].map((i) => ({ code: `00${i}`, name: `Divisie ${i}`, exactDivision: 2340000 + i })),
    });
    expect(belgie).toMatchObject({
      state: "needs_reauth",
      reason: { code: "refresh_token_expired", of: "login", at: null },
      oauthLogin: { site: "BE", status: "needs_reauth" },
      proxySet: false,
      divisions: [
        { code: "005", name: "Divisie 5", exactDivision: 2340005 },
        { code: "006", name: "Divisie 6", exactDivision: null },
      ],
    });
    expect(leeg).toMatchObject({ state: "not_linked", oauthLogin: null, divisions: [], reason: null });
  });

  test("the words follow Accept-Language: Dutch when preferred, dates as 2-7-2016", async () => {
    const w = await world();
    const { body } = await administrationsOf(w.key, "nl-NL,nl;q=0.9,en;q=0.8");
    expect(body.data[2].stateDescription).toMatch(/^Geldig tot \d{1,2}-\d{1,2}-\d{4}$/);
    expect(body.data[1].stateDescription).toBe("Niet gekoppeld");
    expect((await administrationsOf(w.key, "de-DE,en;q=0.5")).body.data[2].stateDescription).toMatch(/^Valid until/);
  });

  test("the other environment's key sees only its own", async () => {
    const w = await world();
    const { body } = await administrationsOf(w.testKey);
    expect(body.data.map((a: { id: string }) => a.id)).toEqual([w.andere.id]);
  });
});

describe("GET /api/v1/administrations/{id}", () => {
  const one = (key: string, id: string) =>
    call(getAdministration, `/api/v1/administrations/${encodeURIComponent(id)}`, key, { id });

  test("one of the key's environment: as in the list", async () => {
    const w = await world();
    const { status, body } = await one(w.key, w.online.id);
    expect(status).toBe(200);
    administrationOneSchema.parse(body);
    expect(body.data).toEqual((await administrationsOf(w.key)).body.data[2]);
  });

  test("another environment's is not found, in the same words as one that does not exist", async () => {
    const w = await world();
    const other = await one(w.key, w.andere.id);
    const missing = await one(w.key, "5d8f0c1e-2a3b-4c4d-8e5f-6a7b8c9d0e1f");
    const malformed = await one(w.key, "../divisions");
    for (const r of [other, missing, malformed]) {
      expect(r.status).toBe(404);
      errorSchema.parse(r.body);
      expect(r.body).toEqual({
        error: {
          code: "administration_not_found",
          message: "There is no administration with this id in the key's environment.",
        },
      });
    }
    expect(JSON.stringify(other.body)).not.toContain("ANDERE");
  });
});

describe("GET /api/v1/divisions", () => {
  const ids = (body: { data: { id: string }[] }) => body.data.map((r) => r.id);

  test("the overview's rows of the key's environment, in code order, the administration without divisions last", async () => {
    const w = await world();
    const { status, body } = await divisionsOf(w.key);
    expect(status).toBe(200);
    divisionPageSchema.parse(body);
    expect(body.data.map((r: { code: string | null }) => r.code)).toEqual([
      "001",
      "002",
      "003",
      "004",
      "005",
      "006",
      "007",
      null,
    ]);
    expect(body.nextCursor).toBeNull();
    expect(body.data[0]).toMatchObject({
      kind: "division",
      name: "Divisie 1",
      administration: { id: w.online.id, description: "ONLINE" },
      oauthLogin: { id: w.nl.id, description: "Exact NL", site: "NL" },
      exactDivision: { code: 2340001, hid: "1", description: "Qics 1" },
      state: "active",
    });
    expect(body.data[6]).toMatchObject({ code: "007", kind: "division", administration: null, state: "not_linked" });
    expect(body.data[7]).toMatchObject({
      id: w.leeg.id,
      kind: "administration",
      administration: { description: "LEEG" },
    });
    expect(JSON.stringify(body)).not.toContain("Andere omgeving");
    expect((await divisionsOf(w.testKey)).body.data.map((r: { name: string }) => r.name)).toEqual(["Andere omgeving"]);
  });

  test("a division without an Exact division is not linked, under a healthy link too, and filtered so", async () => {
    const w = await world();
    await getDb().update(divisions).set({ exactDivisionCode: null }).where(eq(divisions.code, "002"));
    const [kept] = await getDb()
      .select({ n: administrations.unmappedDivisionCount })
      .from(administrations)
      .where(eq(administrations.id, w.online.id));
    expect(kept.n).toBe(1);
    const { body } = await divisionsOf(w.key);
    const row = (code: string) => body.data.find((r: { code: string | null }) => r.code === code);
    // ONLINE's link is active; 002 has lost its Exact division.
    expect(row("001")).toMatchObject({ state: "active" });
    expect(row("002")).toMatchObject({
      administration: { description: "ONLINE" },
      oauthLogin: { description: "Exact NL" },
      exactDivision: null,
      state: "not_linked",
      stateDescription: "Not linked",
      reason: null,
    });
    // BELGIE's link needs re-authorization; its unmapped 006 is not linked, without the login's reason.
    expect(row("005")).toMatchObject({ state: "needs_reauth", reason: { code: "refresh_token_expired" } });
    expect(row("006")).toMatchObject({ state: "not_linked", reason: null });
    const codes = async (query: string) =>
      (await divisionsOf(w.key, query)).body.data.map((r: { code: string | null }) => r.code);
    expect(await codes("?state=active")).toEqual(["001", "003", "004"]);
    // 007 has no administration, LEEG no login (and no divisions).
    expect(await codes("?state=not_linked")).toEqual(["002", "006", "007", null]);
    expect(await codes("?state=needs_reauth")).toEqual(["005"]);
  });

  test("codes in the order people read them (1, 2, 10, 101), across cursor pages", async () => {
    const w = await world();
    await getDb().delete(divisions).where(eq(divisions.environmentId, w.productie.id));
    const codes = ["101", "2", "10", "1", "A2", "A10", "20", "3"];
    await getDb()
      .insert(divisions)
      .values(codes.map((code) => ({ environmentId: w.productie.id, code, name: `D ${code}` })));
    const [stored] = await getDb().select({ key: divisions.codeSort }).from(divisions).where(eq(divisions.code, "101"));
    expect(stored.key).toBe("03101");
    const seen: (string | null)[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { data: { code: string | null }[]; nextCursor: string | null } } = await divisionsOf(
        w.key,
        `?limit=3${cursor ? `&cursor=${cursor}` : ""}`,
      );
      seen.push(...page.body.data.map((r) => r.code));
      cursor = page.body.nextCursor;
    } while (cursor);
    // Then the administrations, now all without divisions.
    expect(seen).toEqual(["1", "2", "3", "10", "20", "101", "A2", "A10", null, null, null]);
    // Not the text order the table would give without the sort key.
    const textOrder = await getDb()
      .select({ code: divisions.code })
      .from(divisions)
      .where(eq(divisions.environmentId, w.productie.id))
      .orderBy(sql`${divisions.code} collate "C"`);
    expect(textOrder.map((r) => r.code).slice(0, 3)).toEqual(["1", "10", "101"]);
  });

  test("paged by cursor: every row once, the last page without a next cursor", async () => {
    const w = await world();
    const all = ids((await divisionsOf(w.key)).body);
    const seen: string[] = [];
    const sizes: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { data: { id: string }[]; nextCursor: string | null } } = await divisionsOf(
        w.key,
        `?limit=3${cursor ? `&cursor=${cursor}` : ""}`,
      );
      expect(page.status).toBe(200);
      seen.push(...ids(page.body));
      sizes.push(page.body.data.length);
      cursor = page.body.nextCursor;
    } while (cursor && sizes.length < 10);
    expect(sizes).toEqual([3, 3, 2]);
    expect(seen).toEqual(all);
    // Exactly full pages: the last full page says there is no next one.
    const first = await divisionsOf(w.key, "?limit=4");
    const last = await divisionsOf(w.key, `?limit=4&cursor=${first.body.nextCursor}`);
    expect(ids(last.body)).toEqual(all.slice(4));
    expect(last.body.nextCursor).toBeNull();
  });

  test("a row added before the cursor's position does not shift the next page", async () => {
    const w = await world();
    const first = await divisionsOf(w.key, "?limit=3");
    await getDb().insert(divisions).values({ environmentId: w.productie.id, code: "000", name: "Nieuw" });
    const next = await divisionsOf(w.key, `?limit=3&cursor=${first.body.nextCursor}`);
    expect(next.body.data.map((r: { code: string }) => r.code)).toEqual(["004", "005", "006"]);
  });

  test.each([
    ["state=needs_reauth", "?state=needs_reauth"],
    ["site=NL", "?site=NL"],
    ["q=divisie 5", "?q=divisie%205"],
    ["q=online (the administration)", "?q=online"],
    ["state=not_linked", "?state=not_linked"],
  ])("filter %s: the same rows as the overview page with that query string", async (_name, query) => {
    const w = await world();
    const api = await divisionsOf(w.key, query);
    expect(api.status).toBe(200);
    const page = await listDivisionOverview(
      w.productie.id,
      overviewQueryOf(loadOverviewParams(new URLSearchParams(query))),
    );
    expect(ids(api.body)).toEqual(page.rows.map((r) => r.id));
    expect(ids(api.body).length).toBeGreaterThan(0);
  });

  test("admin and login filters; an id of another environment finds nothing", async () => {
    const w = await world();
    expect((await divisionsOf(w.key, `?admin=${w.belgie.id}`)).body.data.map((r: { code: string }) => r.code)).toEqual([
      "005",
      "006",
    ]);
    expect((await divisionsOf(w.key, `?login=${w.nl.id}`)).body.data).toHaveLength(4);
    expect((await divisionsOf(w.key, `?admin=${w.andere.id}`)).body.data).toEqual([]);
  });

  test.each([
    ["a cursor that is not ours", "?cursor=bm9wZQ", "invalid_cursor", "cursor"],
    [
      "a cursor with a bad id",
      `?cursor=${Buffer.from('["1",null,"x"]').toString("base64url")}`,
      "invalid_cursor",
      "cursor",
    ],
    ["limit 0", "?limit=0", "invalid_parameter", "limit"],
    ["limit above 500", "?limit=501", "invalid_parameter", "limit"],
    ["limit not a number", "?limit=veel", "invalid_parameter", "limit"],
    ["an unknown state", "?state=kapot", "invalid_parameter", "state"],
    ["a login that is not an id", "?login=Exact%20NL", "invalid_parameter", "login"],
    ["the page's sort, which the API does not do", "?sort=state", "invalid_parameter", "sort"],
  ])("%s: 400 in words, naming the parameter", async (_name, query, code, parameter) => {
    const w = await world();
    const { status, body } = await divisionsOf(w.key, query);
    expect(status).toBe(400);
    errorSchema.parse(body);
    expect(body.error).toMatchObject({ code, parameter });
    expect(body.error.message).toContain(parameter);
  });
});
