import type { Page } from "@playwright/test";
import { e2eSql } from "./support/db";
import { decideInExact, OTHER_SIM_USER, SIM_USER, signInToExact, simUrl } from "./support/exact-simulator";
import { chooseRowAction, rightClickEmptySpace } from "./support/row-menu";
import { expect, test } from "./support/server-console";
import { signIn } from "./support/sign-in";
import { seedUser, uniqueSuffix } from "./support/users";

const sql = e2eSql();
// The logins made here, removed afterwards: a second run of this spec in the same database (the
// phone project after the desktop one) must not find the same Exact user linked to them already.
const made: string[] = [];
test.afterAll(async () => {
  await sql`delete from oauth_logins where description = any(${made}::text[])`;
  await sql.end();
});

type LoginRecord = {
  id: string;
  status: string;
  site: string;
  exact_user_name: string | null;
  access_token_enc: string | null;
  refresh_token_enc: string | null;
  login_expires_at: Date | null;
  last_error: string | null;
};
async function loginRecord(description: string): Promise<LoginRecord | undefined> {
  const [row] = await sql<LoginRecord[]>`
    select id, status, site, exact_user_name, access_token_enc, refresh_token_enc, login_expires_at, last_error
    from oauth_logins where description = ${description}`;
  return row;
}

/** d-M-yyyy in Amsterdam, as the grid writes it. */
function dutchDate(d: Date): string {
  return new Intl.DateTimeFormat("nl-NL", {
    day: "numeric",
    month: "numeric",
    year: "numeric",
    timeZone: "Europe/Amsterdam",
  }).format(d);
}

async function asNewAdmin(page: Page) {
  const admin = await seedUser(sql, { prefix: "oauth-admin", role: "admin" });
  await signIn(page, admin.email, admin.password);
  await page.goto("/system/oauth-logins");
  return admin;
}

async function fillDialog(page: Page, description: string) {
  const dialog = page.getByRole("dialog", { name: "OAuth login" });
  await expect(dialog).toBeVisible();
  made.push(description);
  await dialog.getByLabel("Omschrijving").fill(description);
  await dialog.getByLabel("Url").selectOption({ label: "https://start.exactonline.nl/ — Nederland" });
  await dialog.getByRole("button", { name: "Opslaan" }).click();
}

test("part 1 of the seed: right-click Nieuw, Opslaan, Exact's login and consent, Toestaan, the grid with the date", async ({
  page,
}) => {
  await asNewAdmin(page);
  const description = `Exact Online Nederland ${uniqueSuffix()}`;
  await expect(page.getByTestId("simulated-badge")).toHaveText("Gesimuleerde Exact Online");

  await rightClickEmptySpace(page.getByTestId("oauth-logins-grid"));
  await page.getByRole("menu", { name: "OAuth logins" }).getByRole("menuitem", { name: "Nieuw", exact: true }).click();
  await fillDialog(page, description);

  await signInToExact(page);
  await decideInExact(page, "Toestaan");

  await expect(page).toHaveURL(/\/system\/oauth-logins\?notice=authorized/);
  const row = page.locator(`tr[data-login="${description}"]`);
  await expect(row).toContainText("https://start.exactonline.nl/");
  await expect(row).toContainText("Gekoppeld");
  await expect(row).toContainText(SIM_USER.userName);
  const record = await loginRecord(description);
  if (!record?.login_expires_at) throw new Error("the login was not stored with an expiry");
  expect(record).toMatchObject({ status: "active", site: "NL", exact_user_name: SIM_USER.userName, last_error: null });
  await expect(row).toContainText(dutchDate(record.login_expires_at));
  const days = (record.login_expires_at.getTime() - Date.now()) / 86400000;
  expect(days).toBeGreaterThan(29.9);
  // A success, or (when earlier specs left logins of the simulator's one user linked: the phone's
  // run comes after the desktop's) the same words with the warning that Exact allows one link.
  await expect(page.locator("[data-kind]", { hasText: `${description} is gekoppeld` })).toBeVisible();

  // Stored as ciphertext: the column itself is no token Exact accepts.
  expect(record?.access_token_enc).toMatch(/^v1:[0-9a-f]{8}:/);
  expect(record?.refresh_token_enc).toMatch(/^v1:[0-9a-f]{8}:/);
  const me = await page.request.get(`${simUrl()}/nl/api/v1/current/Me`, {
    headers: { Accept: "application/json", Authorization: `Bearer ${record?.access_token_enc}` },
  });
  expect(me.status()).toBe(401);
  // And no token, ciphertext or not, reaches the page.
  expect(await page.content()).not.toContain(record?.access_token_enc as string);

  // Testen reads current/Me through the stored token.
  await chooseRowAction(row, "Testen");
  await expect(page.locator("[data-kind=success]")).toContainText(`Exact Online kent deze login als`);
});

test("Weigeren brings the admin back with a clear message; the login waits visibly with Autoriseren", async ({
  page,
}) => {
  await asNewAdmin(page);
  const description = `Geweigerd ${uniqueSuffix()}`;
  await page.getByRole("button", { name: "Nieuw", exact: true }).click();
  await fillDialog(page, description);
  await signInToExact(page);
  await decideInExact(page, "Weigeren");

  await expect(page.locator("[data-kind=error]")).toContainText("Toestemming geweigerd in Exact Online");
  const row = page.locator(`tr[data-login="${description}"]`);
  await expect(row).toContainText("Wacht op toestemming");
  await row.getByRole("button", { name: `Meer acties voor ${description}` }).click();
  await expect(page.getByRole("menu").getByRole("menuitem", { name: "Autoriseren", exact: true })).toBeVisible();
  await page.keyboard.press("Escape");
  expect(await loginRecord(description)).toMatchObject({
    status: "pending",
    access_token_enc: null,
    last_error: "consent_denied",
  });
  // One denial on record, for this login, in its environment.
  const events = await sql`select a.entity_type, a.environment_id = l.environment_id as own_environment
    from audit_events a join oauth_logins l on l.id::text = a.entity_id
    where l.description = ${description} and a.action = 'oauth_login.denied'`;
  expect(events).toEqual([{ entity_type: "oauth_login", own_environment: true }]);

  // Autoriseren completes it after all (Exact still has its session: no login form).
  await chooseRowAction(row, "Autoriseren");
  await decideInExact(page, "Toestaan");
  await expect(page.locator(`tr[data-login="${description}"]`)).toContainText("Gekoppeld");
  expect((await loginRecord(description))?.status).toBe("active");
});

test("re-authorizing asks Exact's login again, keeps the same row, and warns about another Exact user", async ({
  page,
}) => {
  await asNewAdmin(page);
  const description = `Opnieuw ${uniqueSuffix()}`;
  await page.getByRole("button", { name: "Nieuw", exact: true }).click();
  await fillDialog(page, description);
  await signInToExact(page);
  await decideInExact(page, "Toestaan");
  const before = await loginRecord(description);

  await chooseRowAction(page.locator(`tr[data-login="${description}"]`), "Opnieuw autoriseren");
  // force_login=1: the login form, although Exact's session cookie is there.
  await signInToExact(page, OTHER_SIM_USER);
  await decideInExact(page, "Toestaan", OTHER_SIM_USER);
  await expect(page.locator("[data-kind=error]")).toContainText("andere Exact-gebruiker");
  const after = await loginRecord(description);
  expect(after?.id).toBe(before?.id);
  expect(after?.exact_user_name).toBe(OTHER_SIM_USER.userName);
  expect(after?.refresh_token_enc).not.toBe(before?.refresh_token_enc);
});

test("delete is refused while an administration uses the login, naming it; allowed once free", async ({ page }) => {
  await asNewAdmin(page);
  const description = `In gebruik ${uniqueSuffix()}`;
  await page.getByRole("button", { name: "Nieuw", exact: true }).click();
  await fillDialog(page, description);
  await signInToExact(page);
  await decideInExact(page, "Toestaan");
  const login = await loginRecord(description);
  const administration = `ONLINE ${uniqueSuffix()}`;
  await sql`insert into administrations (environment_id, description, oauth_login_id)
    select environment_id, ${administration}, id from oauth_logins where id = ${login?.id as string}`;

  const row = page.locator(`tr[data-login="${description}"]`);
  await chooseRowAction(row, "Verwijderen");
  await page
    .getByRole("dialog", { name: "OAuth login verwijderen" })
    .getByRole("button", { name: "Verwijderen" })
    .click();
  await expect(page.locator("[data-kind=error]")).toContainText(administration);
  // Still there, as it was: linked, with its tokens.
  expect(await loginRecord(description)).toMatchObject({ id: login?.id, status: "active" });
  expect((await loginRecord(description))?.refresh_token_enc).toMatch(/^v1:/);

  await sql`delete from administrations where description = ${administration}`;
  await chooseRowAction(row, "Verwijderen");
  await page
    .getByRole("dialog", { name: "OAuth login verwijderen" })
    .getByRole("button", { name: "Verwijderen" })
    .click();
  await expect(page.locator("[data-kind=success]")).toContainText(`${description} is verwijderd`);
  expect(await loginRecord(description)).toBeUndefined();
  const [event] =
    await sql`select detail from audit_events where entity_id = ${login?.id as string} and action = 'oauth_login.deleted'`;
  expect(event.detail).toMatchObject({ description });
});

test("from the keyboard: Shift+F10 on the grid opens the menu, Enter opens the dialog; bad input changes nothing", async ({
  page,
}) => {
  await asNewAdmin(page);
  await page.getByTestId("oauth-logins-grid").focus();
  await page.keyboard.press("Shift+F10");
  await expect(page.getByRole("menuitem", { name: "Nieuw", exact: true })).toBeFocused();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "OAuth login" });
  await expect(dialog.getByLabel("Omschrijving")).toBeFocused();
  const count = async () => (await sql<{ n: number }[]>`select count(*)::int as n from oauth_logins`)[0].n;
  const before = await count();
  await dialog.getByRole("button", { name: "Opslaan" }).click();
  await expect(dialog.getByText("Verplicht veld.")).toBeVisible();
  await dialog.getByLabel("Omschrijving").fill("x".repeat(101));
  await expect(dialog.getByLabel("Omschrijving")).toHaveValue("x".repeat(100)); // maxLength
  // Typed and not saved: Escape asks before throwing it away.
  await page.keyboard.press("Escape");
  await page
    .getByRole("alertdialog", { name: "Wijzigingen weggooien?" })
    .getByRole("button", { name: "Weggooien" })
    .click();
  await expect(dialog).toBeHidden();
  expect(await count()).toBe(before);
});

test("a viewer sees the grid without actions and is not told to right-click; starting an authorization shows Geen toegang, audited, nothing started", async ({
  page,
}) => {
  const viewer = await seedUser(sql, { prefix: "oauth-viewer" });
  await signIn(page, viewer.email, viewer.password);
  await page.goto("/system/oauth-logins");
  await expect(page.getByTestId("oauth-logins-grid")).toBeVisible();
  await expect(page.getByRole("button", { name: "Nieuw", exact: true })).toHaveCount(0);
  await expect(page.getByRole("columnheader", { name: "Acties" })).toHaveCount(0);
  // Nothing on the page tells them to right-click or press Nieuw.
  await expect(page.locator("main")).not.toContainText(/[Rr]echtsklik|Shift\+F10|\bNieuw\b/);
  await page.getByTestId("oauth-logins-grid").click({ button: "right" });
  await expect(page.getByRole("menu")).toHaveCount(0);

  const [login] = await sql<{ id: string }[]>`
    insert into oauth_logins (environment_id, description, site, status)
    select id, ${`Niet voor kijkers ${uniqueSuffix()}`}, 'NL', 'pending' from environments where name = 'Productie'
    returning id`;
  const states = async () =>
    (await sql<{ n: number }[]>`select count(*)::int as n from oauth_states where oauth_login_id = ${login.id}`)[0].n;
  // Typed or bookmarked: the portal's own page, not a bare "Forbidden".
  const response = await page.goto(`/api/exact/connect?login=${login.id}`);
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1, name: "Geen toegang" })).toBeVisible();
  await expect(page.getByText("Uw rol geeft geen toegang tot deze pagina.")).toBeVisible();
  // In the page itself (the attention banner above it may have a link of the same name).
  await expect(page.locator("main").getByRole("link", { name: "Naar het overzicht" })).toBeVisible();
  expect(await states()).toBe(0);
  const [refused] = await sql<{ detail: { permission: string; reason: string } }[]>`
    select detail from audit_events where action = 'user.action_refused' and actor_user_id = ${viewer.id}`;
  expect(refused.detail).toMatchObject({ permission: "settings.change", reason: "role" });
  await sql`delete from oauth_logins where id = ${login.id}`;
});
