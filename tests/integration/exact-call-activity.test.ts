import { eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, test } from "vitest";
import { GET } from "@/app/api/v1/administrations/[id]/exact/[...path]/route";
import { getDb, getSql } from "@/db/client";
import { divisions, exactCalls, oauthLogins } from "@/db/schema";
import { accessTokenColumn, refreshTokenColumn } from "@/lib/crypto/secret-columns";
import { listExactCalls, summarizeExactCalls } from "@/lib/data/exact-call-activity";
import { flushExactCalls } from "@/lib/exact/activity/exact-call-recorder";
import { pruneExactCalls } from "@/lib/exact/activity/prune-exact-calls";
import { exactConfig } from "@/lib/exact/exact-config";
import { getAccessToken } from "@/lib/exact/tokens/get-access-token";
import { keepAliveLogin } from "@/lib/jobs/keep-alive";
import { testAdministrationConnection } from "@/lib/links/test-administration-connection";
import { testOAuthLogin } from "@/lib/links/test-oauth-login";
import { insertAdministration } from "../support/administration-row";
import { insertApiKey } from "../support/api-key-row";
import { elapse, SIM_USERS, simControl } from "../support/exact-simulator";
import { withEnv } from "../support/notify-world";
import { portalWithSimulator } from "../support/portal-with-simulator";

// Every call to Exact on record (issue 25, item 3): the consent's code exchange and current/Me,
// a refresh, a test — each leaves its record with who it was for and what Exact answered, and
// nothing secret; pruning keeps what is younger than the retention.

const world = portalWithSimulator({ linked: { description: "Marieke", ...SIM_USERS.marieke } });
const DAY = 24 * 3600;

/** The login's records, oldest first, once the recorder has written what it holds. */
async function recordsOf(loginId: string) {
  await flushExactCalls();
  return getDb().select().from(exactCalls).where(eq(exactCalls.oauthLoginId, loginId)).orderBy(exactCalls.id);
}

/** Every secret the portal holds for the login now, and the app's client secret. */
async function secretsOf(loginId: string): Promise<string[]> {
  const [row] = await getDb().select().from(oauthLogins).where(eq(oauthLogins.id, loginId));
  return [
    accessTokenColumn.open(loginId, row.accessTokenEnc as string),
    refreshTokenColumn.open(loginId, row.refreshTokenEnc as string),
    exactConfig().client("NL")?.clientSecret as string,
  ];
}

function expectNoSecret(records: unknown[], secrets: string[]) {
  const text = JSON.stringify(records);
  for (const s of secrets) expect(text).not.toContain(s);
}

beforeEach(async () => {
  // Records of the link made before this test (by the world's consent) stay; others' go.
  await flushExactCalls();
});

describe("the record of each call", () => {
  test("a consent: the code exchange and current/Me, on behalf of the consent, with no secret", async () => {
    const records = await recordsOf(world.loginId);
    expect(records.map((r) => [r.kind, r.method, r.path, r.onBehalf, r.status, r.ok, r.error])).toEqual([
      ["token", "POST", "/api/oauth2/token (authorization_code)", "consent", 200, true, null],
      ["rest", "GET", "/api/v1/current/Me", "consent", 200, true, null],
    ]);
    expect(records[0]).toMatchObject({ administrationId: null, division: null, apiKeyPrefix: null });
    expect(records[0].durationMs).toBeGreaterThanOrEqual(0);
    expectNoSecret(records, await secretsOf(world.loginId));
  });

  test("a refresh by the keep-alive: a token record and current/Me, on behalf of the keep-alive", async () => {
    await elapse(world.sim, DAY);
    expect(await keepAliveLogin(world.loginId)).toBe("checked");
    const records = (await recordsOf(world.loginId)).slice(2);
    expect(records.map((r) => [r.kind, r.path, r.onBehalf, r.status, r.ok])).toEqual([
      ["token", "/api/oauth2/token (refresh_token)", "keepalive", 200, true],
      ["rest", "/api/v1/current/Me", "keepalive", 200, true],
    ]);
    expectNoSecret(records, await secretsOf(world.loginId));
  });

  test("a refresh Exact refuses: recorded with its status and the reason as a code, the login's own words", async () => {
    await elapse(world.sim, DAY);
    await simControl(world.sim, "fault", { path: "/api/oauth2/token", fault: { status: 503 } });
    await expect(getAccessToken(world.loginId)).rejects.toMatchObject({ code: "exact_unavailable" });
    const [refresh] = (await recordsOf(world.loginId)).slice(2);
    expect(refresh).toMatchObject({
      kind: "token",
      onBehalf: "page",
      status: 503,
      ok: false,
      error: "exact_unavailable",
    });
  });

  test("a test of the login, and of an administration: on behalf of a test, the division and no query value", async () => {
    await testOAuthLogin(world.admin, world.loginId);
    const administrationId = await insertAdministration({
      environmentId: world.environmentId,
      oauthLoginId: world.loginId,
    });
    await testAdministrationConnection(world.admin, administrationId);
    const records = (await recordsOf(world.loginId)).slice(2);
    expect(records.map((r) => [r.path, r.onBehalf, r.administrationId, r.status])).toEqual([
      ["/api/v1/current/Me", "test", null, 200],
      ["/api/v1/current/Me", "test", administrationId, 200],
      // $select=Code: the option's name is kept, its value is not.
      [expect.stringMatching(/^\/api\/v1\/\d+\/system\/Divisions\?\$select=…$/), "test", administrationId, 200],
    ]);
    expect(records[2].division).toBe(Number(records[2].path.split("/")[3]));
    expectNoSecret(records, await secretsOf(world.loginId));
    // The administration's view reads the same records by its own index.
    const page = await listExactCalls({ administrationId }, {}, null, 10);
    expect(page.records.map((r) => r.path)).toEqual([records[2].path, records[1].path]);
  });

  test("another system's call through the API: on behalf of its key by prefix, its administration and division, no query value", async () => {
    const { key, prefix } = await insertApiKey(world.environmentId, "Facturatie", "read");
    const administrationId = await insertAdministration({
      environmentId: world.environmentId,
      oauthLoginId: world.loginId,
    });
    await getDb().insert(divisions).values({
      environmentId: world.environmentId,
      code: "1",
      name: "Een",
      administrationId,
      exactDivisionCode: 2340001,
    });
    const path = "2340001/project/TimeTransactions?$filter=Notes%20eq%20'Geheim'";
    const request = new Request(`http://portal.test/api/v1/administrations/${administrationId}/exact/${path}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    const response = await GET(request, {
      params: Promise.resolve({ id: administrationId, path: path.split("?")[0].split("/") }),
    });
    // The simulator refuses $filter here: Exact's 400 goes back to the caller, and on record.
    expect(response.status).toBe(400);
    const [record] = (await recordsOf(world.loginId)).slice(2);
    expect(record).toMatchObject({
      kind: "rest",
      onBehalf: "api",
      apiKeyPrefix: prefix,
      administrationId,
      division: 2340001,
      method: "GET",
      path: "/api/v1/2340001/project/TimeTransactions?$filter=…",
      status: 400,
      ok: false,
      error: "exact_request_failed",
    });
    expect(JSON.stringify(record)).not.toContain("Geheim");
    expect(JSON.stringify(record)).not.toContain(key);
  });
});

describe("the Activiteit view's reads", () => {
  /** `n` records for the login, a minute apart, every 10th a failed token call. */
  async function seed(loginId: string, n: number) {
    await getSql()`
      insert into exact_calls (at, oauth_login_id, kind, on_behalf, method, path, status, duration_ms, ok, error)
      select date_trunc('milliseconds', now()) - make_interval(mins => i), ${loginId}::uuid,
        case when i % 10 = 0 then 'token' else 'rest' end, 'page', 'GET', '/api/v1/current/Me',
        case when i % 10 = 0 then 400 else 200 end, 5, i % 10 <> 0,
        case when i % 10 = 0 then 'needs_reauth' end
      from generate_series(1, ${n}) i`;
  }

  test("pages newest first by keyset, older and back newer, without gaps or repeats; filters by kind and result", async () => {
    await getSql()`delete from exact_calls`;
    await seed(world.loginId, 95);
    const subject = { loginId: world.loginId };
    const p1 = await listExactCalls(subject, {}, null, 40);
    const p2 = await listExactCalls(subject, {}, p1.older, 40);
    const p3 = await listExactCalls(subject, {}, p2.older, 40);
    expect([p1.records.length, p2.records.length, p3.records.length]).toEqual([40, 40, 15]);
    expect([p1.newer, p3.older]).toEqual([null, null]);
    const ids = [...p1.records, ...p2.records, ...p3.records].map((r) => r.id);
    expect(new Set(ids).size).toBe(95);
    const times = [...p1.records, ...p2.records, ...p3.records].map((r) => r.at.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const back = await listExactCalls(subject, {}, p3.newer, 40);
    expect(back.records.map((r) => r.id)).toEqual(p2.records.map((r) => r.id));

    const failedTokens = await listExactCalls(subject, { kind: "token", result: "error" }, null, 40);
    expect(failedTokens.records).toHaveLength(9);
    expect(failedTokens.records.every((r) => r.kind === "token" && !r.ok)).toBe(true);
    const okRest = await listExactCalls(subject, { kind: "rest", result: "ok" }, null, 100);
    expect(okRest.records).toHaveLength(86);
    const lastHour = await listExactCalls(subject, { from: new Date(Date.now() - 3_600_500) }, null, 100);
    expect(lastHour.records).toHaveLength(60);

    const summary = await summarizeExactCalls(subject);
    expect(summary).toMatchObject({
      calls: 95,
      failed: 9,
      lastCall: { ok: true },
      lastFailure: { error: "needs_reauth" },
    });
  });
});

describe("pruning", () => {
  test("deletes only what is older than the retention (ACTIVITY_RETENTION_DAYS, default 90)", async () => {
    await getSql()`delete from exact_calls`;
    const at = (days: number) => sql`now() - make_interval(days => ${days})`;
    for (const days of [120, 91, 89, 10, 0]) {
      await getDb()
        .insert(exactCalls)
        .values({
          at: at(days),
          oauthLoginId: world.loginId,
          kind: "rest",
          onBehalf: "page",
          method: "GET",
          path: `/api/v1/${days}`,
          durationMs: 1,
          ok: true,
        });
    }
    const left = async () =>
      (await getDb().select({ path: exactCalls.path }).from(exactCalls)).map((r) => r.path).sort();
    expect(await pruneExactCalls()).toBe(2);
    expect(await left()).toEqual(["/api/v1/0", "/api/v1/10", "/api/v1/89"]);
    const restore = withEnv({ ACTIVITY_RETENTION_DAYS: "7" });
    try {
      expect(await pruneExactCalls()).toBe(2);
    } finally {
      restore();
    }
    expect(await left()).toEqual(["/api/v1/0"]);
  });
});
