// The team leads' overview and the API's division list from links made as an admin makes
// them: logins linked through Exact's consent (the simulator), administrations and divisions
// saved with their Exact divisions verified by Exact. Then Exact breaks one link — the same
// Exact user connects another client of the app, which retires the portal's chain — and the
// overview and the API follow what the keep-alive finds, down to the words; re-authorizing
// mends it.
import { eq } from "drizzle-orm";
import { createTranslator } from "use-intl/core";
import { beforeEach, describe, expect, test } from "vitest";
import { GET as listDivisionsRoute } from "@/app/api/v1/divisions/route";
import { getDb } from "@/db/client";
import { oauthLogins } from "@/db/schema";
import { createAdministration } from "@/lib/data/administrations";
import { createApiKey } from "@/lib/data/api-keys";
import { listDivisionOverview } from "@/lib/data/division-overview";
import { createDivision } from "@/lib/data/divisions";
import type { Translate } from "@/lib/i18n/describe-login-state";
import { formatDate } from "@/lib/i18n/format-date";
import { keepAliveLogin } from "@/lib/jobs/keep-alive";
import { completeAuthorization, startAuthorization } from "@/lib/links/consent-round-trip";
import { listExactDivisions } from "@/lib/links/list-exact-divisions";
import { resolveDivisionValues } from "@/lib/links/resolve-division-values";
import { describeOverviewRow } from "@/lib/overview/describe-overview-row";
import { administrationSchema, divisionSchema } from "@/lib/schemas/administrations";
import { loadOverviewParams, overviewQueryOf } from "@/lib/schemas/overview-params";
import nl from "@/messages/nl.json";
import { ExactTestClient } from "@/simulator/testing/exact-test-client";
import { consentInExact, refreshOutcomes, SIM_USERS } from "../support/exact-simulator";
import { linkedLogin } from "../support/linked-login";
import { makeLoginsDue } from "../support/make-logins-due";
import { portalWithSimulator } from "../support/portal-with-simulator";

const world = portalWithSimulator();
const t = createTranslator({ locale: "nl", messages: nl, timeZone: "Europe/Amsterdam" }) as unknown as Translate;

type Linked = { loginId: string; administrationId: string; divisionCode: string; exactDivision: number };
let marieke: Linked;
let pieter: Linked;
let apiKey: string;

/** One login linked through Exact, one administration on it, one division mapped to an Exact division Exact lists. */
async function link(user: { userName: string; password: string }, name: string, code: string): Promise<Linked> {
  const { sim, admin, environmentId } = world;
  const loginId = await linkedLogin(sim, admin, environmentId, { description: name, ...user });
  const { id: administrationId } = await createAdministration(
    admin,
    environmentId,
    administrationSchema.parse({
      type: "exact_online",
      description: name.toUpperCase(),
      oauthLoginId: loginId,
      proxyServer: "",
      proxyPasswordAction: "keep",
    }),
  );
  const [first] = await listExactDivisions(administrationId);
  const values = await resolveDivisionValues(
    environmentId,
    divisionSchema.parse({ code, name: `${name} divisie`, administrationId, exactDivisionCode: String(first.code) }),
  );
  await createDivision(admin, environmentId, values);
  return { loginId, administrationId, divisionCode: code, exactDivision: first.code };
}

beforeEach(async () => {
  marieke = await link(SIM_USERS.marieke, "Marieke", "1");
  pieter = await link(SIM_USERS.pieter, "Pieter", "2");
  apiKey = (await createApiKey(world.admin, world.environmentId, { name: "Facturatie", expiresAt: null })).key;
});

const overview = async (search = "size=100") =>
  listDivisionOverview(world.environmentId, overviewQueryOf(loadOverviewParams(new URLSearchParams(search))));
const rowOf = async (code: string) => (await overview()).rows.find((r) => r.code === code);
async function wordsOf(code: string) {
  const row = await rowOf(code);
  if (!row) throw new Error(`no overview row for division ${code}`);
  return describeOverviewRow(t, row, "nl").state;
}
async function apiDivisions() {
  const response = await listDivisionsRoute(
    new Request("http://portal.test/api/v1/divisions", {
      headers: { authorization: `Bearer ${apiKey}`, "accept-language": "nl" },
    }),
    { params: Promise.resolve({} as Record<string, never>) },
  );
  expect(response.status).toBe(200);
  return (await response.json()).data as { code: string; state: string; stateDescription: string }[];
}
const validUntil = async (loginId: string) => {
  const [r] = await getDb().select().from(oauthLogins).where(eq(oauthLogins.id, loginId));
  return `Geldig tot ${formatDate(r.loginExpiresAt as Date, "nl")}`;
};

describe("the overview from real links", () => {
  test("linked through Exact: every division active, its Exact division as Exact describes it, valid until the login's date", async () => {
    const page = await overview();
    expect(page.rows.map((r) => [r.code, r.state])).toEqual([
      ["1", "active"],
      ["2", "active"],
    ]);
    expect(page.counts).toMatchObject({ active: 2, needs_reauth: 0, error: 0 });
    expect(await rowOf("1")).toMatchObject({
      administration: "MARIEKE",
      oauthLogin: "Marieke",
      exactDivision: expect.stringContaining(`(${marieke.exactDivision})`),
    });
    expect(await wordsOf("1")).toBe(await validUntil(marieke.loginId));
    expect(await apiDivisions()).toMatchObject([
      { code: "1", state: "active", stateDescription: await validUntil(marieke.loginId) },
      { code: "2", state: "active", stateDescription: await validUntil(pieter.loginId) },
    ]);
  });

  test("a link broken in Exact: the overview, its filter and the API follow the keep-alive, in words; re-authorizing mends it", async () => {
    const { sim, admin, environmentId } = world;
    // Another client of the same app, signed in as Marieke: Exact keeps one chain per user and
    // app, so the portal's refresh token is spent from now on. Nothing in the portal knows yet.
    await new ExactTestClient(sim).connect(SIM_USERS.marieke);
    expect((await rowOf("1"))?.state).toBe("active");

    // The keep-alive's next visit, as the job worker makes it.
    await makeLoginsDue(sim, [marieke.loginId, pieter.loginId]);
    expect(await keepAliveLogin(marieke.loginId)).toBe("dead");
    expect(await keepAliveLogin(pieter.loginId)).toBe("checked");
    expect(await refreshOutcomes(sim)).toMatchObject({ ok: 1, chain_retired: 1 });

    const page = await overview();
    expect(page.rows.map((r) => [r.code, r.state])).toEqual([
      ["1", "needs_reauth"],
      ["2", "active"],
    ]);
    expect(page.counts).toMatchObject({ active: 1, needs_reauth: 1 });
    const broken = "Opnieuw autoriseren nodig: Het token is elders al gebruikt; autoriseer opnieuw.";
    expect(await wordsOf("1")).toBe(broken);
    expect((await overview("state=needs_reauth")).rows.map((r) => r.code)).toEqual(["1"]);
    expect(await apiDivisions()).toMatchObject([
      { code: "1", state: "needs_reauth", stateDescription: broken },
      { code: "2", state: "active", stateDescription: await validUntil(pieter.loginId) },
    ]);

    // Re-authorized through the portal: the overview says so at once.
    const callback = await consentInExact(sim, await startAuthorization(admin, environmentId, marieke.loginId, false), {
      ...SIM_USERS.marieke,
    });
    expect((await completeAuthorization(admin, callback)).notice).toBe("authorized");
    expect((await overview()).counts).toMatchObject({ active: 2, needs_reauth: 0 });
    expect(await wordsOf("1")).toBe(await validUntil(marieke.loginId));
  });
});
