import type { Page } from "@playwright/test";
import { startTestProxy, type TestProxy } from "../tests/support/test-proxy";
import { e2eSql } from "./support/db";
import { linkLoginThroughExact } from "./support/exact-simulator";
import { chooseRowAction } from "./support/row-menu";
import { recordServerAction, replayServerAction, reportsSuccess } from "./support/server-action";
import { expect, test } from "./support/server-console";
import { signedInPage, signIn } from "./support/sign-in";
import { seedUser, uniqueSuffix } from "./support/users";

const sql = e2eSql();
const PROXY_USER = { username: "QICS\\jan", password: `proxy-geheim-${uniqueSuffix()}` };
let proxy: TestProxy;
test.beforeAll(async () => {
  proxy = await startTestProxy({ credentials: PROXY_USER, inspect: true });
});
test.afterAll(async () => {
  await proxy.close();
  await sql.end();
});

type AdministrationRecord = {
  id: string;
  oauth_login_id: string | null;
  proxy_server: string | null;
  proxy_username: string | null;
  proxy_domain: string | null;
  proxy_password_enc: string | null;
  last_test_ok: boolean | null;
};
const administration = async (description: string) =>
  (
    await sql<AdministrationRecord[]>`select id, oauth_login_id, proxy_server, proxy_username, proxy_domain,
      proxy_password_enc, last_test_ok from administrations where description = ${description}`
  )[0];

/** An admin in a fresh environment state, with an active OAuth login made through Exact. */
async function adminWithLogin(page: Page) {
  const admin = await seedUser(sql, { prefix: "settings-admin", role: "admin" });
  await signIn(page, admin.email, admin.password);
  const login = `Exact Online Nederland ${uniqueSuffix()}`;
  await linkLoginThroughExact(page, login);
  return { admin, login };
}

test("part 2 of the seed: double-click the administration, pick the login, set the proxy, test through it, map a division", async ({
  page,
}) => {
  test.slow();
  const { login } = await adminWithLogin(page);
  const [env] = await sql<{ id: string }[]>`select id from environments where name = 'Productie'`;
  const name = `ONLINE ${uniqueSuffix()}`;
  const code = `Q${Date.now() % 100000}`;
  await sql`insert into administrations (environment_id, description) values (${env.id}, ${name})`;
  await sql`insert into divisions (environment_id, code, name) values (${env.id}, ${code}, 'Qics BV')`;

  await page.goto("/system/settings");
  await page.getByRole("tab", { name: "Divisies & administraties" }).click();
  await page.locator(`tr[data-row="${name}"]`).dblclick();
  const dialog = page.getByRole("dialog", { name: "Bron administratie" });
  await expect(dialog.getByLabel("Omschrijving")).toHaveValue(name);
  // Each login is offered with its state in the words of every screen.
  const loginOption = dialog.getByLabel("OAuth login").locator("option", { hasText: login });
  await expect(loginOption).toHaveText(new RegExp(`^${login} \\(Geldig tot \\d{1,2}-\\d{1,2}-\\d{4}\\)$`));
  await dialog.getByLabel("OAuth login").selectOption((await loginOption.getAttribute("value")) as string);
  await dialog.getByLabel("Proxy server").fill(proxy.server);
  await dialog.getByLabel("Proxy gebruikersnaam").fill("jan");
  await dialog.getByLabel("Proxy wachtwoord").fill(PROXY_USER.password);
  await dialog.getByLabel("Proxy domein").fill("QICS");
  await dialog.getByRole("button", { name: "Opslaan" }).click();
  await expect(page.locator("[data-kind=success]")).toContainText(`Administratie ${name} is opgeslagen.`);

  const stored = await administration(name);
  expect(stored).toMatchObject({ proxy_server: proxy.server, proxy_username: "jan", proxy_domain: "QICS" });
  const [chosen] = await sql<{ id: string }[]>`select id from oauth_logins where description = ${login}`;
  expect(stored.oauth_login_id).toBe(chosen.id);
  expect(stored.proxy_password_enc).toMatch(/^v1:/);
  expect(stored.proxy_password_enc).not.toContain(PROXY_USER.password);

  // Open it again: the password is not in the DOM, the page source, nor the RSC payload.
  await page.locator(`tr[data-row="${name}"]`).dblclick();
  await expect(page.getByTestId("proxy-password-state")).toHaveText("Er is een wachtwoord ingesteld.");
  expect(await page.content()).not.toContain(PROXY_USER.password);
  const html = await (await page.request.get("/system/settings")).text();
  const rsc = await (await page.request.get("/system/settings", { headers: { RSC: "1" } })).text();
  for (const body of [html, rsc]) {
    expect(body).not.toContain(PROXY_USER.password);
    expect(body).not.toContain(stored.proxy_password_enc as string);
  }
  await page.keyboard.press("Escape");

  // Verbinding testen goes through the proxy, with DOMAIN\user.
  const before = proxy.credentials.length;
  await chooseRowAction(page.locator(`tr[data-row="${name}"]`), "Verbinding testen");
  await expect(page.locator("[data-kind=success]")).toContainText(/\d+ divisies, \d+ ms/);
  expect(proxy.credentials.slice(before)).toContainEqual(PROXY_USER);
  expect(proxy.requests.some((r) => r.includes("current/Me"))).toBe(true);
  expect((await administration(name)).last_test_ok).toBe(true);
  await expect(page.locator(`tr[data-row="${name}"]`)).toContainText("geslaagd");

  // Map the division to an Exact division picked from the live list.
  await page.locator(`tr[data-row="${code}"]`).getByRole("button", { name: "Bewerken" }).click();
  const divisionDialog = page.getByRole("dialog", { name: "Divisie" });
  await divisionDialog.getByLabel("Administratie").selectOption({ label: name });
  await divisionDialog.getByRole("button", { name: "Exact-divisies ophalen" }).click();
  const list = divisionDialog.getByRole("radiogroup", { name: /divisies in Exact Online/ });
  await expect(list).toBeVisible();
  await list.getByRole("radio", { name: /^1 - Qics BV \(\d+\)$/ }).check();
  await divisionDialog.getByRole("button", { name: "Opslaan" }).click();
  await expect(page.locator("[data-kind=success]")).toContainText(`Divisie ${code} - Qics BV is opgeslagen.`);
  const [division] = await sql<
    { exact_division_code: number; exact_division_hid: string; administration_id: string }[]
  >`
    select exact_division_code, exact_division_hid, administration_id from divisions where code = ${code}`;
  expect(division).toMatchObject({ exact_division_hid: "1", administration_id: stored.id });
  expect(division.exact_division_code).toBeGreaterThan(0);
  await expect(page.locator(`tr[data-row="${code}"]`)).toContainText("Qics BV");

  // The team lead's overview shows the whole link and its health.
  await page.goto("/");
  const overview = page.locator(`tr[data-division="${code}"]`);
  await expect(overview).toContainText(name);
  await expect(overview).toContainText(login);
  await expect(overview).toContainText("https://start.exactonline.nl/");
  await expect(overview).toContainText("1 - Qics BV");
  await expect(overview).toContainText(/Geldig tot \d{1,2}-\d{1,2}-\d{4}/);
});

test("a wrong proxy password gives the 407 message in words, and is remembered as the last test", async ({ page }) => {
  test.slow();
  const { login } = await adminWithLogin(page);
  const [row] = await sql<
    { id: string; environment_id: string }[]
  >`select id, environment_id from oauth_logins where description = ${login}`;
  const name = `PROXY FOUT ${uniqueSuffix()}`;
  await sql`insert into administrations (environment_id, description, oauth_login_id, proxy_server, proxy_username)
    values (${row.environment_id}, ${name}, ${row.id}, ${proxy.server}, 'iemand')`;
  await page.goto("/system/settings?tab=divisions");
  await chooseRowAction(page.locator(`tr[data-row="${name}"]`), "Verbinding testen");
  await expect(page.locator("[data-kind=error]")).toContainText(/proxy/i);
  expect((await administration(name)).last_test_ok).toBe(false);
});

test("a viewer sees administrations and divisions but can change nothing; the server refuses their actions", async ({
  page,
  browser,
}) => {
  test.slow();
  await adminWithLogin(page);
  const [env] = await sql<{ id: string }[]>`select id from environments where name = 'Productie'`;
  const name = `ALLEEN LEZEN ${uniqueSuffix()}`;
  await sql`insert into administrations (environment_id, description) values (${env.id}, ${name})`;

  // The admin's save, recorded…
  await page.goto("/system/settings");
  await page.locator(`tr[data-row="${name}"]`).dblclick();
  const dialog = page.getByRole("dialog", { name: "Bron administratie" });
  await dialog.getByLabel("Proxy server").fill("proxy.example.nl:3128");
  const recorded = await recordServerAction(page, () => dialog.getByRole("button", { name: "Opslaan" }).click());
  expect(reportsSuccess(recorded.responseText)).toBe(true);
  await sql`update administrations set proxy_server = null where description = ${name}`;

  const viewer = await seedUser(sql, { prefix: "settings-viewer" });
  const { context, page: viewerPage } = await signedInPage(browser, viewer.email, viewer.password);
  await viewerPage.goto("/system/settings");
  await expect(viewerPage.locator(`tr[data-row="${name}"]`)).toBeVisible();
  await expect(viewerPage.getByRole("button", { name: "Nieuwe administratie" })).toHaveCount(0);
  await expect(viewerPage.getByRole("button", { name: "Bewerken" })).toHaveCount(0);
  await viewerPage.locator(`tr[data-row="${name}"]`).dblclick();
  await expect(viewerPage.getByRole("dialog")).toHaveCount(0);

  // …replayed with the viewer's session: refused, and the database is unchanged.
  const response = await replayServerAction(context.request, recorded);
  expect(reportsSuccess(await response.text())).toBe(false);
  expect((await administration(name)).proxy_server).toBeNull();
  await context.close();
});

test("when Exact's list cannot be fetched the dialog says why and takes a typed code, which Exact must confirm first", async ({
  page,
}) => {
  test.slow();
  const { login } = await adminWithLogin(page);
  const [row] = await sql<{ id: string; environment_id: string }[]>`
    select id, environment_id from oauth_logins where description = ${login}`;
  const name = `ONBEREIKBAAR ${uniqueSuffix()}`;
  const code = `U${Date.now() % 100000}`;
  // A proxy on a port where nothing listens: Exact cannot be reached through it.
  await sql`insert into administrations (environment_id, description, oauth_login_id, proxy_server)
    values (${row.environment_id}, ${name}, ${row.id}, '127.0.0.1:9')`;
  await sql`insert into divisions (environment_id, code, name) values (${row.environment_id}, ${code}, 'Los')`;

  await page.goto("/system/settings");
  await page.locator(`tr[data-row="${code}"]`).getByRole("button", { name: "Bewerken" }).click();
  const dialog = page.getByRole("dialog", { name: "Divisie" });
  await dialog.getByLabel("Administratie").selectOption({ label: name });
  await dialog.getByRole("button", { name: "Exact-divisies ophalen" }).click();
  await expect(dialog.locator("[data-kind=error]")).toContainText(/proxy/i);
  await dialog.getByLabel(/Exact-divisiecode/).fill("2340001");
  await dialog.getByRole("button", { name: "Opslaan" }).click();
  // Not verified with Exact, so not saved.
  await expect(dialog.locator("[data-kind=error]").last()).toContainText(/proxy/i);
  const [division] = await sql<{ exact_division_code: number | null; administration_id: string | null }[]>`
    select exact_division_code, administration_id from divisions where code = ${code}`;
  expect(division).toEqual({ exact_division_code: null, administration_id: null });
});

test("a proxy that points at the portal's own host or the cloud's metadata is refused on save, in words", async ({
  page,
}) => {
  const admin = await seedUser(sql, { prefix: "settings-guard", role: "admin" });
  await signIn(page, admin.email, admin.password);
  const [env] = await sql<{ id: string }[]>`select id from environments where name = 'Productie'`;
  const name = `BEWAAKT ${uniqueSuffix()}`;
  await sql`insert into administrations (environment_id, description) values (${env.id}, ${name})`;

  await page.goto("/system/settings");
  await page.locator(`tr[data-row="${name}"]`).dblclick();
  const dialog = page.getByRole("dialog", { name: "Bron administratie" });
  for (const [server, words] of [
    ["169.254.169.254:8080", "metadata-dienst van een cloudplatform"],
    ["localhost:5432", "server van het portaal zelf"],
  ]) {
    await dialog.getByLabel("Proxy server").fill(server);
    await dialog.getByRole("button", { name: "Opslaan" }).click();
    await expect(dialog.locator("#proxyServer-error")).toContainText(words);
  }
  expect((await administration(name)).proxy_server).toBeNull();
});
