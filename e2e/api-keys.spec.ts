import type { APIRequestContext, APIResponse, Page } from "@playwright/test";
import { generateApiKey, hashApiKey } from "@/lib/crypto/generate-api-key";
import { accessTokenColumn, proxyPasswordColumn, refreshTokenColumn } from "@/lib/crypto/secret-columns";
import { formatDate, startOfDayInAmsterdam } from "@/lib/i18n/format-date";
import { defaultKeyExpiryDay } from "@/lib/schemas/api-keys";
import { e2eSql } from "./support/db";
import { recordServerAction, replayServerAction, reportsSuccess } from "./support/server-action";
import { expect, test } from "./support/server-console";
import { signedInPage } from "./support/sign-in";
import { seedUser, uniqueSuffix } from "./support/users";

// The API for other systems, over real HTTP against the portal `npm start` runs: keys made and revoked by an
// admin in the portal, every way a key is refused, and answers that never hold a secret.
const sql = e2eSql();
const suffix = uniqueSuffix();
const SECRETS = {
  accessToken: `e2e-access-token-${suffix}`,
  refreshToken: `e2e-refresh-token-${suffix}`,
  proxyPassword: `e2e-proxy-wachtwoord-${suffix}`,
  proxyUser: `QICS\\proxy-${suffix}`,
};
const ADMINISTRATION = `API ${suffix}`;
const OTHER_ADMINISTRATION = `API TEST ${suffix}`;
let productie = "";
let testEnv = "";
let administrationId = "";
let otherAdministrationId = "";
const ciphertexts: string[] = [];

/** A key put straight into the database, as the portal stores one (its hash only). */
async function seedKey(environmentId: string, opts: { revoked?: boolean; expired?: boolean } = {}) {
  const { key, prefix, keyHash } = generateApiKey();
  await sql`insert into api_keys (environment_id, name, prefix, key_hash, created_by_name, revoked_at, expires_at)
    values (${environmentId}, ${`e2e ${prefix}`}, ${prefix}, ${keyHash}, 'e2e',
      ${opts.revoked ? sql`now()` : null}, ${opts.expired ? sql`now() - interval '1 minute'` : null})`;
  return { key, prefix };
}

const callCount = async (prefix: string) =>
  Number((await sql<{ n: string }[]>`select call_count as n from api_keys where prefix = ${prefix}`)[0].n);

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

/** Every answer: no token, proxy password or proxy user, in plaintext or sealed. */
async function bodyOf(response: APIResponse): Promise<string> {
  const text = await response.text();
  for (const secret of [...Object.values(SECRETS), ...ciphertexts]) expect(text).not.toContain(secret);
  return text;
}

async function expectRefused(response: APIResponse, code: string) {
  expect(response.status()).toBe(401);
  expect(response.headers()["content-type"]).toContain("application/json");
  expect(response.headers()["www-authenticate"]).toBe('Bearer realm="koppeling"');
  expect(JSON.parse(await bodyOf(response)).error.code).toBe(code);
}

test.beforeAll(async () => {
  // Seal as the portal does: the global setup shares the server's ENCRYPTION_KEY with the specs.
  process.env.ENCRYPTION_KEY = process.env.E2E_ENCRYPTION_KEY;
  [{ id: productie }, { id: testEnv }] = await sql<{ id: string }[]>`
    select id from environments order by sort_order, name limit 2`;
  const [login] = await sql<{ id: string }[]>`
    insert into oauth_logins (environment_id, description, site, status, exact_user_name, login_expires_at)
    values (${productie}, ${`API login ${suffix}`}, 'NL', 'active', 'marieke.qics', now() + interval '60 days')
    returning id`;
  const access = accessTokenColumn.seal(login.id, SECRETS.accessToken);
  const refresh = refreshTokenColumn.seal(login.id, SECRETS.refreshToken);
  await sql`update oauth_logins set access_token_enc = ${access}, refresh_token_enc = ${refresh},
    access_token_expires_at = now() + interval '10 minutes' where id = ${login.id}`;
  [{ id: administrationId }] = await sql<{ id: string }[]>`
    insert into administrations (environment_id, description, oauth_login_id, proxy_server, proxy_username)
    values (${productie}, ${ADMINISTRATION}, ${login.id}, 'proxy.qics.nl:8080', ${SECRETS.proxyUser}) returning id`;
  const password = proxyPasswordColumn.seal(administrationId, SECRETS.proxyPassword);
  await sql`update administrations set proxy_password_enc = ${password} where id = ${administrationId}`;
  ciphertexts.push(access, refresh, password);
  await sql`insert into divisions (environment_id, code, name, administration_id, exact_division_code)
    values (${productie}, ${`API${suffix}`}, 'Qics API BV', ${administrationId}, 2340001)`;
  [{ id: otherAdministrationId }] = await sql<{ id: string }[]>`
    insert into administrations (environment_id, description) values (${testEnv}, ${OTHER_ADMINISTRATION}) returning id`;
});
test.afterAll(async () => {
  await sql`delete from divisions where code = ${`API${suffix}`}`;
  await sql`delete from administrations where description in (${ADMINISTRATION}, ${OTHER_ADMINISTRATION})`;
  await sql`delete from oauth_logins where description = ${`API login ${suffix}`}`;
  await sql.end();
});

test.describe("keys are refused", () => {
  test("missing, malformed, wrong, revoked or expired: 401 in JSON, and not counted", async ({ request }) => {
    const live = await seedKey(productie);
    const revoked = await seedKey(productie, { revoked: true });
    const expired = await seedKey(productie, { expired: true });
    for (const path of [
      "/api/v1/administrations",
      `/api/v1/administrations/${administrationId}`,
      "/api/v1/divisions",
    ]) {
      await expectRefused(await request.get(path), "api_key_missing");
      await expectRefused(
        await request.get(path, { headers: { authorization: "Bearer kop_nope" } }),
        "api_key_invalid",
      );
      await expectRefused(await request.get(path, { headers: { authorization: live.key } }), "api_key_invalid");
      const wrongSecret = `kop_${live.prefix}_${"x".repeat(32)}`;
      await expectRefused(await request.get(path, { headers: bearer(wrongSecret) }), "api_key_invalid");
      await expectRefused(await request.get(path, { headers: bearer(revoked.key) }), "api_key_revoked");
      await expectRefused(await request.get(path, { headers: bearer(expired.key) }), "api_key_expired");
    }
    for (const k of [live, revoked, expired]) expect(await callCount(k.prefix)).toBe(0);
    // The live key itself works.
    expect((await request.get("/api/v1/divisions", { headers: bearer(live.key) })).status()).toBe(200);
    expect(await callCount(live.prefix)).toBe(1);
  });

  test("a key of another environment sees its own only: another's administration is 404", async ({ request }) => {
    const other = await seedKey(testEnv);
    const list = await request.get("/api/v1/administrations", { headers: bearer(other.key) });
    expect(list.status()).toBe(200);
    const listed = JSON.parse(await bodyOf(list)).data.map((a: { description: string }) => a.description);
    expect(listed).toContain(OTHER_ADMINISTRATION);
    expect(listed).not.toContain(ADMINISTRATION);
    const own = await request.get(`/api/v1/administrations/${otherAdministrationId}`, { headers: bearer(other.key) });
    expect(JSON.parse(await bodyOf(own)).data.description).toBe(OTHER_ADMINISTRATION);
    const one = await request.get(`/api/v1/administrations/${administrationId}`, { headers: bearer(other.key) });
    expect(one.status()).toBe(404);
    const text = await bodyOf(one);
    expect(JSON.parse(text).error.code).toBe("administration_not_found");
    expect(text).not.toContain(ADMINISTRATION);
    const divisions = await request.get(`/api/v1/divisions?admin=${administrationId}`, { headers: bearer(other.key) });
    expect(JSON.parse(await bodyOf(divisions)).data).toEqual([]);
  });
});

test("what is linked: administrations, one administration and the divisions, without a secret", async ({ request }) => {
  const { key } = await seedKey(productie);
  const list = await request.get("/api/v1/administrations", { headers: bearer(key) });
  expect(list.status()).toBe(200);
  const administration = JSON.parse(await bodyOf(list)).data.find(
    (a: { description: string }) => a.description === ADMINISTRATION,
  );
  expect(administration).toMatchObject({
    id: administrationId,
    type: "exact_online",
    state: "active",
    proxySet: true,
    oauthLogin: { site: "NL", status: "active" },
    divisions: [{ code: `API${suffix}`, name: "Qics API BV", exactDivision: 2340001 }],
  });
  const one = await request.get(`/api/v1/administrations/${administrationId}`, {
    headers: { ...bearer(key), "accept-language": "nl" },
  });
  expect(JSON.parse(await bodyOf(one)).data.stateDescription).toMatch(/^Geldig tot \d{1,2}-\d{1,2}-\d{4}$/);

  const page = await request.get(`/api/v1/divisions?q=${encodeURIComponent(`API${suffix}`)}&limit=1`, {
    headers: bearer(key),
  });
  const rows = JSON.parse(await bodyOf(page));
  expect(rows.data).toHaveLength(1);
  expect(rows.data[0]).toMatchObject({
    code: `API${suffix}`,
    administration: { id: administrationId },
    state: "active",
  });
  expect(rows.nextCursor).toBeNull();
  const bad = await request.get("/api/v1/divisions?cursor=kapot", { headers: bearer(key) });
  expect(bad.status()).toBe(400);
  expect(JSON.parse(await bodyOf(bad)).error.code).toBe("invalid_cursor");

  // The description is public, and holds nothing of the data either.
  const openapi = await request.get("/api/v1/openapi.json");
  expect(openapi.status()).toBe(200);
  const doc = JSON.parse(await bodyOf(openapi));
  expect(doc.openapi).toBe("3.1.0");
  expect(Object.keys(doc.paths)).toContain("/api/v1/administrations/{id}/exact/{path}");
});

async function openApiKeys(page: Page) {
  await page.goto("/system/api-keys");
  await expect(page.getByRole("heading", { level: 1, name: "API-sleutels" })).toBeVisible();
}

/** Creates a key through the dialog and returns it as the page showed it, once. */
async function createInPage(page: Page, name: string): Promise<string> {
  await page.getByRole("button", { name: "Nieuwe API-sleutel" }).click();
  const dialog = page.getByRole("dialog", { name: "Nieuwe API-sleutel" });
  await dialog.getByLabel("Naam").fill(name);
  await dialog.getByRole("button", { name: "Opslaan" }).click();
  const shown = page.getByRole("dialog", { name: `API-sleutel ${name}` });
  await expect(shown.getByText("hij wordt maar één keer getoond")).toBeVisible();
  const key = await shown.getByLabel("API-sleutel").inputValue();
  expect(key).toMatch(/^kop_[0-9a-f]{10}_[A-Za-z0-9_-]{32}$/);
  await shown.getByRole("button", { name: "Kopiëren" }).click();
  await expect(shown.getByText(/Gekopieerd naar het klembord|De sleutel is geselecteerd/)).toBeVisible();
  await shown.getByRole("button", { name: "Sluiten" }).click();
  await expect(shown).toHaveCount(0);
  return key;
}

test("an admin creates a key, sees it once, uses it, sees the calls counted, revokes it: then 401", async ({
  browser,
  request,
}) => {
  test.slow();
  const admin = await seedUser(sql, { prefix: "apikeys-admin", role: "admin" });
  const { context, page } = await signedInPage(browser, admin.email, admin.password);
  await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "API-sleutels" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "API-sleutels" })).toBeVisible();
  const name = `Facturatie ${suffix}`;
  const key = await createInPage(page, name);

  // Stored as its hash only, in the admin's environment, by the admin; audited without it.
  const [row] = await sql<
    { id: string; prefix: string; key_hash: string; environment_id: string; created_by_user_id: string }[]
  >`
    select id, prefix, key_hash, environment_id, created_by_user_id from api_keys where name = ${name}`;
  expect(row).toMatchObject({ key_hash: hashApiKey(key), environment_id: productie, created_by_user_id: admin.id });
  const audit =
    await sql`select action, detail from audit_events where entity_type = 'api_key' and entity_id = ${row.id}`;
  expect(audit.map((e) => e.action)).toEqual(["api_key.created"]);
  expect(JSON.stringify(audit)).not.toContain(key);
  expect(JSON.stringify(audit)).not.toContain(row.key_hash);

  // Listed by prefix; the key itself is gone from the page, also after a reload.
  const listed = page.locator(`tr[data-key="${name}"]`);
  await expect(listed).toContainText(`kop_${row.prefix}_…`);
  await expect(listed).toContainText(admin.name);
  await expect(listed.getByTestId("call-count")).toHaveText("0");
  await expect(listed.getByTestId("last-used")).toHaveText("Nooit");
  await page.reload();
  expect(await page.content()).not.toContain(key);

  // Used with the API: counted, and the page shows it.
  for (let i = 0; i < 3; i++) {
    const r = await request.get("/api/v1/administrations", { headers: bearer(key) });
    expect(r.status()).toBe(200);
    await bodyOf(r);
  }
  await page.reload();
  await expect(listed.getByTestId("call-count")).toHaveText("3");
  await expect(listed.getByTestId("last-used")).toHaveText(/^\d{1,2}-\d{1,2}-\d{4} \d\d:\d\d$/);

  // Revoked with confirmation: from then on 401.
  await listed.getByRole("button", { name: `Intrekken ${name}` }).click();
  const confirm = page.getByRole("dialog", { name: "API-sleutel intrekken" });
  await expect(confirm).toContainText(`kop_${row.prefix}_…`);
  await confirm.getByRole("button", { name: "Intrekken" }).click();
  await expect(page.getByText(`API-sleutel ${name} is ingetrokken.`)).toBeVisible();
  await expect(listed.getByTestId("key-status")).toContainText("Ingetrokken op");
  await expect(listed.getByRole("button", { name: /Intrekken/ })).toHaveCount(0);
  await expectRefused(await request.get("/api/v1/administrations", { headers: bearer(key) }), "api_key_revoked");
  const events = await sql`select action from audit_events where entity_id = ${row.id} order by id`;
  expect(events.map((e) => e.action)).toEqual(["api_key.created", "api_key.revoked"]);
  await context.close();
});

test("a key is read only and lives a year unless chosen; it stops while its maker is blocked, and says so", async ({
  browser,
  request,
}) => {
  test.slow();
  const maker = await seedUser(sql, { prefix: "apikeys-maker", role: "admin" });
  const other = await seedUser(sql, { prefix: "apikeys-other", role: "admin" });
  const name = `Rapportage ${suffix}`;
  const makerSession = await signedInPage(browser, maker.email, maker.password);
  await openApiKeys(makerSession.page);
  await makerSession.page.getByRole("button", { name: "Nieuwe API-sleutel" }).click();
  const dialog = makerSession.page.getByRole("dialog", { name: "Nieuwe API-sleutel" });
  // The dialog proposes read only and a year from today, as the portal writes dates.
  const day = defaultKeyExpiryDay();
  const shownDay = formatDate(startOfDayInAmsterdam(day), "nl");
  await expect(dialog.getByLabel("Rechten")).toHaveValue("read");
  await expect(dialog.getByLabel("Verloopt op", { exact: true })).toHaveValue(shownDay);
  await expect(dialog.getByLabel("Verloopt nooit")).not.toBeChecked();
  await dialog.getByRole("button", { name: "Annuleren" }).click();
  const key = await createInPage(makerSession.page, name);

  const [row] = await sql<{ scope: string; expires_at: Date; created_by_user_id: string }[]>`
    select scope, expires_at, created_by_user_id from api_keys where name = ${name}`;
  expect(row).toMatchObject({ scope: "read", created_by_user_id: maker.id });
  expect(new Date(row.expires_at).getTime()).toBe(startOfDayInAmsterdam(day).getTime());
  const listed = makerSession.page.locator(`tr[data-key="${name}"]`);
  await expect(listed.getByTestId("key-scope")).toHaveText("Alleen lezen");
  await expect(listed).toContainText(shownDay);
  await expect(listed.getByTestId("key-status")).toHaveText("Actief");
  expect((await request.get("/api/v1/administrations", { headers: bearer(key) })).status()).toBe(200);
  await makerSession.context.close();

  // The maker is blocked (as another admin would on Gebruikers): the key stops, in words, and the page says why.
  await sql`update users set disabled = true where id = ${maker.id}`;
  const refused = await request.get("/api/v1/administrations", { headers: bearer(key) });
  expect(refused.status()).toBe(401);
  expect(JSON.parse(await bodyOf(refused)).error).toMatchObject({
    code: "api_key_creator_inactive",
    message: expect.stringContaining("The administrator who made this API key is blocked"),
  });
  const otherSession = await signedInPage(browser, other.email, other.password);
  await openApiKeys(otherSession.page);
  await expect(otherSession.page.locator(`tr[data-key="${name}"]`).getByTestId("key-status")).toHaveText(
    `Werkt niet: ${maker.name} is geblokkeerd. Werkt weer zodra ${maker.name} gedeblokkeerd is.`,
  );

  // Unblocked: it works again, and the page says so.
  await sql`update users set disabled = false where id = ${maker.id}`;
  expect((await request.get("/api/v1/administrations", { headers: bearer(key) })).status()).toBe(200);
  await otherSession.page.reload();
  await expect(otherSession.page.locator(`tr[data-key="${name}"]`).getByTestId("key-status")).toHaveText("Actief");
  await otherSession.context.close();
});

test("a viewer cannot open API-sleutels, and replaying the admin's create action makes no key", async ({
  browser,
  playwright,
}) => {
  test.slow();
  const admin = await seedUser(sql, { prefix: "apikeys-recorder", role: "admin" });
  const viewer = await seedUser(sql, { prefix: "apikeys-viewer" });
  const name = `Opgenomen ${suffix}`;
  const adminSession = await signedInPage(browser, admin.email, admin.password);
  await openApiKeys(adminSession.page);
  await adminSession.page.getByRole("button", { name: "Nieuwe API-sleutel" }).click();
  const dialog = adminSession.page.getByRole("dialog", { name: "Nieuwe API-sleutel" });
  await dialog.getByLabel("Naam").fill(name);
  const recorded = await recordServerAction(adminSession.page, () =>
    dialog.getByRole("button", { name: "Opslaan" }).click(),
  );
  expect(reportsSuccess(recorded.responseText)).toBe(true);
  await adminSession.context.close();
  const count = async () =>
    Number((await sql<{ n: string }[]>`select count(*) as n from api_keys where name = ${name}`)[0].n);
  expect(await count()).toBe(1);

  const { context, page } = await signedInPage(browser, viewer.email, viewer.password);
  await expect(
    page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "API-sleutels" }),
  ).toHaveCount(0);
  const response = await page.goto("/system/api-keys");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1, name: "Geen toegang" })).toBeVisible();
  await expect(page.locator("tr[data-key]")).toHaveCount(0);

  const asViewer = await replayServerAction(context.request, recorded);
  const text = await asViewer.text();
  expect(reportsSuccess(text)).toBe(false);
  expect(text).toContain('"formError":"forbidden"');
  expect(text).not.toMatch(/kop_[0-9a-f]{10}_/);
  await context.close();

  const anonymous: APIRequestContext = await playwright.request.newContext({ baseURL: new URL(recorded.url).origin });
  const asNobody = await replayServerAction(anonymous, recorded);
  expect(reportsSuccess(await asNobody.text())).toBe(false);
  await anonymous.dispose();
  expect(await count()).toBe(1);
});

test("API-documentatie: every endpoint with its parameters, answers and a curl example, for any signed-in user", async ({
  browser,
}) => {
  const viewer = await seedUser(sql, { prefix: "apidocs-viewer" });
  const { context, page } = await signedInPage(browser, viewer.email, viewer.password);
  await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "API-documentatie" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "API-documentatie" })).toBeVisible();
  for (const title of [
    "GET /api/v1/administrations",
    "GET /api/v1/administrations/{id}",
    "GET /api/v1/divisions",
    "POST /api/v1/administrations/{id}/exact/{path}",
  ]) {
    await expect(page.getByRole("heading", { level: 2, name: title, exact: true })).toBeVisible();
  }
  const divisions = page.locator("section", {
    has: page.getByRole("heading", { name: "GET /api/v1/divisions", exact: true }),
  });
  await expect(divisions.getByRole("cell", { name: "cursor", exact: true })).toBeVisible();
  await expect(divisions.locator("pre").first()).toContainText('-H "Authorization: Bearer $KOPPELING_API_KEY"');
  await expect(page.getByRole("link", { name: "API-sleutels", exact: true })).toHaveCount(0);
  await context.close();
});
