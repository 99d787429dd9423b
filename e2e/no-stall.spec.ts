import type { APIResponse } from "@playwright/test";
import { generateApiKey } from "@/lib/crypto/generate-api-key";
import { accessTokenColumn, refreshTokenColumn } from "@/lib/crypto/secret-columns";
import { e2eSql } from "./support/db";
import { decideInExact, simUrl } from "./support/exact-simulator";
import { expect, test } from "./support/server-console";
import { signedInPage } from "./support/sign-in";
import { seedUser, uniqueSuffix } from "./support/users";

// Issue 19 §9, "no stall while refreshes hang": Exact sometimes takes a minute to answer a token
// call. Twenty links whose token must be refreshed are called through the API at once, and
// Exact (the simulator, by a delay fault on each refresh) holds all twenty refreshes open. The
// portal `npm start` runs must meanwhile go on serving everyone else: a signed-in page and the
// health check answer as always. What is proven is that they answer at all while twenty
// refreshes hang (no database connection, lease or request queue held for them) — not how fast.
//
// The twenty links share one real token pair: made by a person's consent on the FR site (no
// other spec links anything there, so no other spec's chain is retired and the faults, which
// match only FR token calls, are taken by nobody else), then stored on twenty logins as the
// portal stores tokens. Their refreshes come 0 s after that consent: once released, Exact
// answers each "too early" and nothing rotates, so nothing of this spec outlives it.

const sql = e2eSql();
// The server's key: to store the pair on twenty logins as the portal seals tokens.
process.env.ENCRYPTION_KEY = process.env.E2E_ENCRYPTION_KEY;

const LINKS = 20;
const FR_TOKEN_PATH = "/fr/api/oauth2/token";
const EXACT_USER = { userName: "marieke.qics", password: "Qics-Exact-2016" };

let environmentId: string;
let admin: { email: string; password: string };
let apiKey: string;
let administrationIds: string[];
let loginIds: string[];

test.beforeAll(async ({ browser }) => {
  const suffix = uniqueSuffix();
  [{ id: environmentId }] = await sql<{ id: string }[]>`
    insert into environments (name, sort_order) values (${`Wachtrij ${suffix}`}, 96) returning id`;
  const user = await seedUser(sql, { prefix: "no-stall", role: "admin" });
  await sql`update users set environment_id = ${environmentId} where id = ${user.id}`;
  admin = user;

  // One link made as a person makes it, on the FR site.
  const [first] = await sql<{ id: string }[]>`
    insert into oauth_logins (environment_id, description, site) values (${environmentId}, 'Wachtrij 1', 'FR') returning id`;
  const { context, page } = await signedInPage(browser, admin.email, admin.password);
  await page.goto(`/api/exact/connect?login=${first.id}`);
  // Not a click in the portal: the portal asks first.
  await page.getByRole("button", { name: "Doorgaan naar Exact Online" }).click();
  await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/fr\/api\/oauth2\//);
  await page.getByLabel("Gebruikersnaam").fill(EXACT_USER.userName);
  await page.getByLabel("Wachtwoord").fill(EXACT_USER.password);
  await page.getByRole("button", { name: "Login" }).click();
  await decideInExact(page, "Toestaan", EXACT_USER);
  await expect(page).toHaveURL(/notice=authorized/);
  await context.close();

  // Nineteen more logins holding the same pair, each sealed for its own row, each for an Exact
  // user of its own (as Exact allows one link per user and app): calls in flight are limited per
  // Exact user and division, so twenty logins of one user would meet Exact two at a time.
  const [pair] = await sql<{ access_token_enc: string; refresh_token_enc: string }[]>`
    select access_token_enc, refresh_token_enc from oauth_logins where id = ${first.id}`;
  const accessToken = accessTokenColumn.open(first.id, pair.access_token_enc);
  const refreshToken = refreshTokenColumn.open(first.id, pair.refresh_token_enc);
  const copies = await sql<{ id: string }[]>`
    insert into oauth_logins (environment_id, description, site, status, exact_user_id, exact_user_name,
      exact_full_name, exact_current_division, access_token_expires_at, refresh_token_obtained_at,
      login_expires_at, last_refresh_at, consented_at)
    select environment_id, 'Wachtrij ' || n, site, status, exact_user_id || '-' || n, exact_user_name,
      exact_full_name, exact_current_division, access_token_expires_at, refresh_token_obtained_at,
      login_expires_at, last_refresh_at, consented_at
    from oauth_logins, generate_series(2, ${LINKS}) n where id = ${first.id}
    returning id`;
  for (const { id } of copies) {
    await sql`update oauth_logins set access_token_enc = ${accessTokenColumn.seal(id, accessToken)},
      refresh_token_enc = ${refreshTokenColumn.seal(id, refreshToken)} where id = ${id}`;
  }
  loginIds = [first.id, ...copies.map((c) => c.id)];

  // An administration per login, and one API key for the environment.
  administrationIds = (
    await sql<{ id: string }[]>`
      insert into administrations (environment_id, description, oauth_login_id)
      select ${environmentId}, 'WACHTRIJ ' || l.description, l.id from oauth_logins l
      where l.environment_id = ${environmentId} returning id`
  ).map((r) => r.id);
  const key = generateApiKey();
  await sql`insert into api_keys (environment_id, name, prefix, key_hash, created_by_name)
    values (${environmentId}, 'Wachtrij', ${key.prefix}, ${key.keyHash}, 'e2e')`;
  apiKey = key.key;
});

test.afterAll(async () => {
  // Whatever happened: none of this spec's faults stays queued, none of its calls stays held.
  await fetch(`${simUrl()}/_control/fault?path=${encodeURIComponent(FR_TOKEN_PATH)}`, { method: "DELETE" });
  await sql`delete from environments where id = ${environmentId}`;
  await sql.end();
});

type Request = Parameters<Parameters<typeof test>[2]>[0]["request"];

async function faultState(request: Request): Promise<{ pending: number; holding: number }> {
  return (await request.get(`${simUrl()}/_control/fault`)).json();
}

async function tooEarlyCount(request: Request): Promise<number> {
  return (await (await request.get(`${simUrl()}/_control/counters`)).json()).token.refresh_token.too_early;
}

test("while twenty refreshes hang at Exact, a signed-in page and the health check answer as always", async ({
  browser,
  request,
}) => {
  const { context, page } = await signedInPage(browser, admin.email, admin.password);
  const tooEarlyBefore = await tooEarlyCount(request);
  const before = await sql<{ id: string; refresh_token_enc: string }[]>`
    select id, refresh_token_enc from oauth_logins where id = any(${loginIds}::uuid[])`;

  // Every link is due: its access token has run out, the next call refreshes it first.
  await sql`update oauth_logins set access_token_expires_at = now() - interval '1 second'
    where id = any(${loginIds}::uuid[])`;
  for (let i = 0; i < LINKS; i++) {
    const queued = await request.post(`${simUrl()}/_control/fault`, {
      data: { path: FR_TOKEN_PATH, grantType: "refresh_token", fault: { delayMs: 120_000 } },
    });
    expect(queued.status()).toBe(201);
  }

  // Twenty calls through the API at once, one per link: each makes the portal refresh its login.
  const calls: Promise<APIResponse>[] = administrationIds.map((id) =>
    request.get(`/api/v1/administrations/${id}/exact/current/Me`, {
      headers: { Authorization: `Bearer ${apiKey}` },
      // The call hangs as long as its refresh does: no client time-out of its own.
      timeout: 0,
    }),
  );

  // All twenty refreshes have reached Exact and are held there.
  await expect.poll(() => faultState(request), { timeout: 0 }).toEqual({ pending: 0, holding: LINKS });

  // Meanwhile: the health check as a load balancer asks it, and a page as a person opens it.
  const health = await request.get("/api/health");
  expect(health.status()).toBe(200);
  expect(await health.json()).toMatchObject({ status: "ok" });
  const opened = await page.goto("/system/oauth-logins");
  expect(opened?.status()).toBe(200);
  await expect(page.locator("tr[data-login^='Wachtrij ']")).toHaveCount(LINKS);
  await expect(page.locator("tr[data-login='Wachtrij 20']")).toContainText("Gekoppeld");
  // Still held while they answered: nothing had given way.
  expect(await faultState(request)).toEqual({ pending: 0, holding: LINKS });
  await context.close();

  // Exact lets the refreshes go: each is "too early" (0 s after the consent), so nothing rotates;
  // the stored token had run out, so the caller hears that Exact did not give a token.
  const released = await request.delete(`${simUrl()}/_control/fault?path=${encodeURIComponent(FR_TOKEN_PATH)}`);
  expect(await released.json()).toEqual({ cleared: 0, released: LINKS });
  for (const answer of await Promise.all(calls)) {
    expect(answer.status()).toBe(502);
    expect((await answer.json()).error.code).toBe("exact_unavailable");
  }
  expect(await tooEarlyCount(request)).toBeGreaterThanOrEqual(tooEarlyBefore + LINKS);

  // Every link as it was: active, the same refresh token, no lease left, nothing in doubt.
  const after = await sql<
    {
      id: string;
      status: string;
      refresh_token_enc: string;
      refresh_lease_owner: string | null;
      refresh_in_doubt_at: Date | null;
    }[]
  >`select id, status, refresh_token_enc, refresh_lease_owner, refresh_in_doubt_at
    from oauth_logins where id = any(${loginIds}::uuid[])`;
  expect(after).toHaveLength(LINKS);
  const sealedBefore = new Map(before.map((r) => [r.id, r.refresh_token_enc]));
  for (const row of after) {
    expect(row).toMatchObject({ status: "active", refresh_lease_owner: null, refresh_in_doubt_at: null });
    expect(row.refresh_token_enc).toBe(sealedBefore.get(row.id));
  }
  expect(await faultState(request)).toEqual({ pending: 0, holding: 0 });
});
