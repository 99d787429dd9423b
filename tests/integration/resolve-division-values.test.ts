import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { listEnvironments } from "@/lib/data/environments";
import { resolveDivisionValues } from "@/lib/links/resolve-division-values";
import type { ExactSimulator } from "@/simulator/start-exact-simulator";
import { insertAdministration } from "../support/administration-row";
import { simControl, startSimulatorForPortal } from "../support/exact-simulator";
import { linkedLogin } from "../support/linked-login";
import { resetDatabase } from "../support/reset-database";
import { actorOf, makeUser } from "../support/users";

let sim: ExactSimulator;
beforeAll(async () => {
  sim = await startSimulatorForPortal();
});
afterAll(() => sim.close());

let env: string;
let otherEnv: string;
let loginId: string;
beforeEach(async () => {
  await resetDatabase();
  await simControl(sim, "reset", {});
  [env, otherEnv] = (await listEnvironments()).map((e) => e.id);
  loginId = await linkedLogin(sim, actorOf(await makeUser("admin@example.nl", "admin")), env);
});

const input = (over: Partial<{ administrationId: string; exactDivisionCode: string }>) => ({
  code: "1",
  name: "Zwolle",
  administrationId: "",
  exactDivisionCode: "",
  ...over,
});

describe("resolveDivisionValues", () => {
  test("without an Exact division nothing is asked of Exact", async () => {
    expect(await resolveDivisionValues(env, input({}))).toEqual({
      code: "1",
      name: "Zwolle",
      administrationId: null,
      exact: null,
    });
  });

  test("an Exact division is stored as Exact describes it", async () => {
    const administrationId = await insertAdministration({ environmentId: env, oauthLoginId: loginId });
    expect(await resolveDivisionValues(env, input({ administrationId, exactDivisionCode: "2340005" }))).toEqual({
      code: "1",
      name: "Zwolle",
      administrationId,
      exact: { code: 2340005, description: "Qics France SARL", hid: "5" },
    });
  });

  test("an Exact division needs an administration to ask", async () => {
    await expect(resolveDivisionValues(env, input({ exactDivisionCode: "2340005" }))).rejects.toMatchObject({
      code: "exact_division_needs_administration",
      field: "administrationId",
    });
  });

  test("an administration of another environment is refused before Exact is asked", async () => {
    // Its login would answer: only the environment check stops it.
    const administrationId = await insertAdministration({ environmentId: otherEnv, oauthLoginId: loginId });
    await expect(
      resolveDivisionValues(env, input({ administrationId, exactDivisionCode: "2340005" })),
    ).rejects.toMatchObject({ code: "administration_not_found", field: undefined });
  });
});
