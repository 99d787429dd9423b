import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type ExactSimulator, startExactSimulator } from "../start-exact-simulator";
import { ExactTestClient } from "../testing/exact-test-client";

let sim: ExactSimulator;
let client: ExactTestClient;
let marieke: string;
let pieter: string;
beforeAll(async () => {
  sim = await startExactSimulator({ port: 0, stateFile: null, control: true });
  client = new ExactTestClient(sim);
  // These tests make many 400s on one endpoint on purpose: no 10-errors-an-hour block here.
  await client.control("options", { errorsPerHour: 0 });
  marieke = (await client.connect()).access_token;
  const other = new ExactTestClient(sim);
  pieter = (await other.connect({ userName: "pieter.kantoor", password: "Pieters-Exact-130" })).access_token;
});
afterAll(() => sim.close());

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ODATA_DATE = /^\/Date\(\d+\)\/$/;

interface Envelope {
  d: { results: Record<string, unknown>[]; __next?: string };
}

describe("GET current/Me", () => {
  test("d.results[0] with UserID, UserName, FullName, Email, CurrentDivision, LanguageCode, __metadata", async () => {
    const response = await client.api("current/Me", marieke);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    const body = (await response.json()) as Envelope;
    expect(body.d.results).toHaveLength(1);
    expect(body.d.__next).toBeUndefined();
    const me = body.d.results[0];
    expect(me.UserID).toMatch(GUID);
    expect(me.UserName).toBe("marieke.qics");
    expect(me.FullName).toBe("Marieke de Vries");
    expect(me.Email).toBe("marieke@qics.example");
    expect(me.CurrentDivision).toBe(2340002);
    expect(me.LanguageCode).toBe("nl-NL");
    expect(me.ServerTime).toMatch(ODATA_DATE);
    expect(me.__metadata).toEqual({
      uri: `${sim.siteUrl("NL")}/api/v1/current/Me(guid'${me.UserID}')`,
      type: "Exact.Web.Api.Models.System.Me",
    });
  });

  test("$select: only the selected fields plus __metadata", async () => {
    const body = (await (await client.api("current/Me?$select=UserID,CurrentDivision", marieke)).json()) as Envelope;
    expect(Object.keys(body.d.results[0]).sort()).toEqual(["CurrentDivision", "UserID", "__metadata"]);
  });
});

describe("GET {division}/system/Divisions", () => {
  test("only the user's divisions, in Exact's shapes: Code int, Hid string, Country padded, /Date()/", async () => {
    const response = await client.api("2340002/system/Divisions", marieke);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Envelope;
    expect(body.d.__next).toBeUndefined();
    const codes = body.d.results.map((d) => d.Code);
    expect(codes).toEqual([2340001, 2340002, 2340003, 2340004, 2340005, 2340006]);
    const qics = body.d.results[0];
    expect(qics).toMatchObject({
      Code: 2340001,
      Description: "Qics BV",
      Hid: "1",
      Country: "NL ",
      Currency: "EUR",
      Status: 1,
      BlockingStatus: 0,
      IsMainDivision: true,
      Current: false,
    });
    expect(qics.Created).toMatch(ODATA_DATE);
    expect(qics.__metadata).toEqual({
      uri: `${sim.siteUrl("NL")}/api/v1/2340002/system/Divisions(2340001)`,
      type: "Exact.Web.Api.Models.System.Division",
    });
    for (const d of body.d.results) {
      expect(typeof d.Hid).toBe("string");
      expect(d.Country).toHaveLength(3);
    }
    expect(body.d.results.find((d) => d.Country === "FR ")).toBeTruthy();
    expect(body.d.results.filter((d) => d.Current).map((d) => d.Code)).toEqual([2340002]);
    // Inactive, archived and blocked divisions are listed too: the client decides what to offer.
    expect(body.d.results.map((d) => d.Status)).toEqual(expect.arrayContaining([0, 1, 2]));
    expect(body.d.results.some((d) => d.BlockingStatus !== 0)).toBe(true);
  });

  test("a division the user may not access, in the path → 403 with Exact's error body", async () => {
    const response = await client.api("2340007/system/Divisions", marieke);
    expect(response.status).toBe(403);
    const body = await response.json();
    expect(body).toEqual({ error: { code: "", message: { lang: "", value: expect.any(String) } } });
  });

  test("paging: 60 a page with an absolute __next ($skiptoken) until the last page", async () => {
    let url: string | undefined = `${sim.siteUrl("NL")}/api/v1/3100001/system/Divisions`;
    const sizes: number[] = [];
    const codes: number[] = [];
    while (url) {
      expect(url.startsWith(`${sim.siteUrl("NL")}/api/v1/3100001/system/Divisions`)).toBe(true);
      const response = await client.api(url, pieter);
      expect(response.status).toBe(200);
      const body = (await response.json()) as Envelope;
      sizes.push(body.d.results.length);
      codes.push(...body.d.results.map((d) => d.Code as number));
      url = body.d.__next;
      if (url) expect(url).toMatch(/\?\$skiptoken=\d+$/);
    }
    expect(sizes).toEqual([60, 60, 11]);
    expect(codes).toHaveLength(131);
    expect(new Set(codes).size).toBe(131);
    expect(codes).toContain(2340001);
  });

  test("$select keeps only the selected fields plus __metadata, also on the pages __next leads to", async () => {
    const first = (await (
      await client.api("3100001/system/Divisions?$select=Code,Description,Hid", pieter)
    ).json()) as Envelope;
    expect(Object.keys(first.d.results[0]).sort()).toEqual(["Code", "Description", "Hid", "__metadata"]);
    expect(first.d.__next).toContain("$select=Code,Description,Hid");
    const second = (await (await client.api(first.d.__next ?? "", pieter)).json()) as Envelope;
    expect(Object.keys(second.d.results[0]).sort()).toEqual(["Code", "Description", "Hid", "__metadata"]);
  });

  test("$select of a field that does not exist → 400", async () => {
    const response = await client.api("2340001/system/Divisions?$select=Code,Nope", marieke);
    expect(response.status).toBe(400);
    expect((await response.json()).error.message.value).toContain("Nope");
  });

  test("unsupported query options are refused loudly rather than ignored", async () => {
    for (const option of ["$filter=Status%20eq%201", "$orderby=Code", "$expand=X", "$inlinecount=allpages"]) {
      const response = await client.api(`2340001/system/Divisions?${option}`, marieke);
      expect(response.status).toBe(400);
      expect((await response.json()).error.message.value).toContain(option.split("=")[0]);
    }
  });

  test("$top and $skip are accepted: $top limits the whole answer, pages stay 60, __next carries the rest", async () => {
    const codes = async (query: string) =>
      ((await (await client.api(`3100001/system/Divisions?${query}`, pieter)).json()) as Envelope).d.results.map(
        (d) => d.Code as number,
      );
    const all = await codes("$select=Code&$top=1000");
    expect(all).toHaveLength(60);
    expect(await codes("$select=Code&$top=3")).toEqual(all.slice(0, 3));
    expect(await codes("$select=Code&$skip=2&$top=3")).toEqual(all.slice(2, 5));
    expect(await codes("$top=0")).toEqual([]);
    const first = (await (await client.api("3100001/system/Divisions?$top=100&$skip=5", pieter)).json()) as Envelope;
    expect(first.d.results).toHaveLength(60);
    expect(first.d.__next).toMatch(/\?\$top=40&\$skiptoken=\d+$/);
    const second = (await (await client.api(first.d.__next ?? "", pieter)).json()) as Envelope;
    expect(second.d.results).toHaveLength(40);
    expect(second.d.__next).toBeUndefined();
    const both = [...first.d.results, ...second.d.results].map((d) => d.Code);
    expect(new Set(both).size).toBe(100);
    expect(both[0]).toBe(all[5]);
    // A $top that fits one page: no __next.
    expect(
      ((await (await client.api("3100001/system/Divisions?$top=60", pieter)).json()) as Envelope).d.__next,
    ).toBeUndefined();
    // current/Me takes them too (one record).
    expect(((await (await client.api("current/Me?$top=1", marieke)).json()) as Envelope).d.results).toHaveLength(1);
  });

  test("a $top or $skip that is not a whole number ≥ 0 → 400", async () => {
    for (const query of ["$top=-1", "$top=abc", "$skip=1.5", "$skip="]) {
      const response = await client.api(`2340001/system/Divisions?${query}`, marieke);
      expect(response.status, query).toBe(400);
      expect((await response.json()).error.message.value).toMatch(/\$top|\$skip/);
    }
  });

  test("system/AllDivisions lists the whole licence, including divisions the user cannot open", async () => {
    const body = (await (await client.api("2340001/system/AllDivisions", marieke)).json()) as Envelope;
    expect(body.d.results.map((d) => d.Code)).toContain(2340007);
    expect(body.d.results.every((d) => d.CustomerName === "Qics BV")).toBe(true);
  });
});

describe("authentication and content negotiation", () => {
  test("an unknown token, a missing header or another site's token → 401 in Exact's error shape", async () => {
    const unknown = await client.api("current/Me", "not-a-token");
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toEqual({ error: { code: "", message: { lang: "", value: expect.any(String) } } });
    const none = await fetch(`${client.base}/api/v1/current/Me`, { headers: { accept: "application/json" } });
    expect(none.status).toBe(401);
    const be = new ExactTestClient(sim, "BE");
    expect((await be.api("current/Me", marieke)).status).toBe(401);
  });

  test("without Accept: application/json the answer is Atom XML, not JSON", async () => {
    for (const accept of [null, "*/*", "application/xml"]) {
      const response = await client.api("2340001/system/Divisions", marieke, accept);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toContain("application/atom+xml");
      const text = await response.text();
      expect(text.startsWith("<?xml")).toBe(true);
      expect(text).toContain("<d:Hid>1</d:Hid>");
      expect(() => JSON.parse(text)).toThrow();
    }
    const error = await client.api("current/Me", "bad", null);
    expect(error.status).toBe(401);
    expect(error.headers.get("content-type")).toContain("application/xml");
  });

  test("an unknown resource → 404", async () => {
    expect((await client.api("2340001/crm/Accounts", marieke)).status).toBe(404);
  });

  test("an expired token → 401 (clock moved past 600 s)", async () => {
    const own = new ExactTestClient(sim);
    const tokens = await own.connect();
    expect((await own.api("current/Me", tokens.access_token)).status).toBe(200);
    await own.advance(601);
    const response = await own.api("current/Me", tokens.access_token);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe("Bearer");
  });
});
