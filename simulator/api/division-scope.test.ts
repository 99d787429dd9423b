import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { type ExactSimulator, startExactSimulator } from "../start-exact-simulator";
import { ExactTestClient } from "../testing/exact-test-client";

let sim: ExactSimulator;
let client: ExactTestClient;
beforeEach(async () => {
  sim = await startExactSimulator({ port: 0, stateFile: null, control: true });
  client = new ExactTestClient(sim);
});
afterEach(() => sim.close());

const ILSE = { userName: "ilse.qics", password: "Qics-Ilse-2021" };
const SCOPE_ERROR = {
  error: { code: "", message: { lang: "", value: "Forbidden - User division is not within division scope" } },
};
const scope = (body: unknown) => client.control("division-scope", body);
const codes = async (response: Response) =>
  ((await response.json()) as { d: { results: { Code: number }[] } }).d.results.map((d) => d.Code);

describe("division scope (published apps)", () => {
  test("CurrentDivision outside the scope: {CurrentDivision}/system/Divisions → 403 'not within division scope'", async () => {
    const token = (await client.connect(ILSE)).access_token;
    const me = await client.api("current/Me", token);
    expect(me.status).toBe(200);
    const current = ((await me.json()) as { d: { results: { CurrentDivision: number }[] } }).d.results[0]
      .CurrentDivision;
    expect(current).toBe(2340002);
    const forbidden = await client.api(`${current}/system/Divisions`, token);
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toEqual(SCOPE_ERROR);
    // Any call to a division outside the scope, AllDivisions too.
    expect((await client.api("2340003/system/AllDivisions", token)).status).toBe(403);
    // Through a division inside the scope: only the granted divisions are listed.
    const granted = await client.api("2340001/system/Divisions", token);
    expect(granted.status).toBe(200);
    expect(await codes(granted)).toEqual([2340001, 2340005]);
    expect((await client.api("2340005/system/AllDivisions", token)).status).toBe(200);
    // A division she cannot open at all keeps its own 403.
    const none = await client.api("2340007/system/Divisions", token);
    expect(none.status).toBe(403);
    expect((await none.json()).error.message.value).not.toContain("scope");
  });

  test("POST /_control/division-scope sets a user's scope; null lifts it; reset restores the fixture's", async () => {
    const marieke = (await client.connect()).access_token;
    const set = await scope({ userName: "Marieke.Qics", divisions: [2340001, 2340006] });
    expect(set.status).toBe(200);
    expect(await set.json()).toEqual({ userName: "marieke.qics", divisionScope: [2340001, 2340006] });
    // Tokens issued before the change obey it at once.
    expect((await client.api("2340002/system/Divisions", marieke)).status).toBe(403);
    expect(await codes(await client.api("2340006/system/Divisions", marieke))).toEqual([2340001, 2340006]);
    expect(await (await scope({ userName: "marieke.qics", divisions: null })).json()).toEqual({
      userName: "marieke.qics",
      divisionScope: null,
    });
    expect((await client.api("2340002/system/Divisions", marieke)).status).toBe(200);

    // null also lifts a scope the fixture set.
    const ilse = (await new ExactTestClient(sim).connect(ILSE)).access_token;
    await scope({ userName: "ilse.qics", divisions: null });
    expect((await client.api("2340002/system/Divisions", ilse)).status).toBe(200);
    await client.control("reset", {});
    const again = (await new ExactTestClient(sim).connect(ILSE)).access_token;
    expect((await client.api("2340002/system/Divisions", again)).status).toBe(403);
  });

  test("without a scope nothing changes: current/Me, its CurrentDivision and all divisions", async () => {
    const token = (await client.connect()).access_token;
    expect(await codes(await client.api("2340002/system/Divisions", token))).toHaveLength(6);
  });

  test("an unknown user or division, or a malformed body → 400", async () => {
    expect((await scope({ userName: "nobody", divisions: [2340001] })).status).toBe(400);
    expect((await scope({ userName: "marieke.qics", divisions: [999] })).status).toBe(400);
    expect((await scope({ userName: "marieke.qics" })).status).toBe(400);
    expect((await scope({ userName: "marieke.qics", divisions: ["2340001"] })).status).toBe(400);
    const token = (await client.connect()).access_token;
    expect((await client.api("2340002/system/Divisions", token)).status).toBe(200);
  });
});
