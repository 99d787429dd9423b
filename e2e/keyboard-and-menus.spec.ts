import type { Locator, Page } from "@playwright/test";
import { generateApiKey } from "@/lib/crypto/generate-api-key";
import { expectNoAxeViolations } from "./support/axe";
import { e2eSql } from "./support/db";
import { rightClickEmptySpace } from "./support/row-menu";
import { expect, test } from "./support/server-console";
import { signIn, userMenu } from "./support/sign-in";
import { seedUser, uniqueSuffix } from "./support/users";

// Issue 13 §4: every grid offers a row's own actions on its right-click (and Shift+F10 / the
// Menu key), only Nieuw on its empty space; one Escape closes a dialog or menu and focus goes
// back to the row or control that opened it; Enter opens a row; the row buttons say which row.
// Issue 24 §5: a row's menu offers the grid's Nieuw after its own actions (the manual's "right-
// click in the grid, Nieuw" wherever the click lands); §6: Enter and double-click open a row in
// every grid alike.
const sql = e2eSql();
const suffix = uniqueSuffix();
const ACTIVE = `Toetsenbord actief ${suffix}`;
const PENDING = `Toetsenbord wachtend ${suffix}`;
const ADMINISTRATION = `TOETSENBORD ${suffix}`;
const CODE = `K${suffix}`.slice(0, 18);
// Longer, so listed after CODE: CODE is never the grid's last row.
const NEXT_CODE = `${CODE}x`;
const KEY = `Toetsenbord sleutel ${suffix}`;
const REVOKED_KEY = `Toetsenbord ingetrokken ${suffix}`;
let environmentId = "";
let administrationId = "";

test.beforeAll(async () => {
  [{ id: environmentId }] = await sql<{ id: string }[]>`select id from environments where name = 'Productie'`;
  await sql`insert into oauth_logins (environment_id, description, site, status, exact_user_name, login_expires_at)
    values (${environmentId}, ${ACTIVE}, 'NL', 'active', 'marieke.qics', now() + interval '30 days')`;
  await sql`insert into oauth_logins (environment_id, description, site, status, last_error)
    values (${environmentId}, ${PENDING}, 'NL', 'pending', 'consent_denied')`;
  [{ id: administrationId }] = await sql<{ id: string }[]>`
    insert into administrations (environment_id, description) values (${environmentId}, ${ADMINISTRATION}) returning id`;
  await sql`insert into divisions (environment_id, code, name, administration_id)
    values (${environmentId}, ${CODE}, 'Toetsenbord BV', ${administrationId}),
      (${environmentId}, ${NEXT_CODE}, 'Toetsenbord Twee BV', null)`;
  for (const [name, revoked] of [
    [KEY, false],
    [REVOKED_KEY, true],
  ] as const) {
    const { prefix, keyHash } = generateApiKey();
    await sql`insert into api_keys (environment_id, name, prefix, key_hash, created_by_name, revoked_at)
      values (${environmentId}, ${name}, ${prefix}, ${keyHash}, 'e2e', ${revoked ? sql`now()` : null})`;
  }
});
test.afterAll(async () => {
  await sql`delete from divisions where code in (${CODE}, ${NEXT_CODE})`;
  await sql`delete from administrations where id = ${administrationId}`;
  await sql`delete from oauth_logins where description in (${ACTIVE}, ${PENDING})`;
  await sql`delete from api_keys where name in (${KEY}, ${REVOKED_KEY})`;
  await sql.end();
});

async function asAdmin(page: Page) {
  const admin = await seedUser(sql, { prefix: "keyboard-admin", role: "admin" });
  await signIn(page, admin.email, admin.password);
  return admin;
}

/** The open menu's items, in order, as the person reads them. */
const menuItems = (page: Page) => page.getByRole("menu").getByRole("menuitem");

/**
 * The dialog `name` is open at its first field (showing `value`); one Escape closes it and
 * focus is back on `opener`.
 */
async function expectOpenedAtAndEscaped(page: Page, name: string, field: string, value: string, opener: Locator) {
  const dialog = page.getByRole("dialog", { name });
  await expect(dialog.getByLabel(field, { exact: true })).toBeFocused();
  await expect(dialog.getByLabel(field, { exact: true })).toHaveValue(value);
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  await expect(opener).toBeFocused();
}

/** Audit events about a record: a save, even one that changed nothing visible, writes one. */
const eventsAbout = async (id: string) =>
  (await sql<{ n: number }[]>`select count(*)::int as n from audit_events where entity_id = ${id}`)[0].n;

test("OAuth logins: a row's right-click offers its actions and Nieuw, empty space only Nieuw; Shift+F10 on a focused row, arrows, Enter, one Escape and focus back", async ({
  page,
}) => {
  await asAdmin(page);
  await page.goto("/system/oauth-logins");
  const active = page.locator(`tr[data-login="${ACTIVE}"]`);
  const pending = page.locator(`tr[data-login="${PENDING}"]`);

  await active.click({ button: "right" });
  await expect(page.getByRole("menu", { name: `Acties voor ${ACTIVE}` })).toBeVisible();
  await expect(menuItems(page)).toHaveText([
    "Bewerken",
    "Testen",
    "Opnieuw autoriseren",
    "Activiteit",
    "Verwijderen",
    "Nieuw",
  ]);
  // Nieuw stands apart from the row's own actions, after a line.
  await expect(page.getByRole("menu").getByRole("separator")).toHaveCount(1);
  await expect(menuItems(page).first()).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("menu")).toHaveCount(0);
  await expect(active).toBeFocused();

  // A login still waiting for consent is authorized, not tested.
  await pending.click({ button: "right" });
  await expect(menuItems(page)).toHaveText(["Bewerken", "Autoriseren", "Activiteit", "Verwijderen", "Nieuw"]);
  await page.keyboard.press("Escape");

  const grid = page.getByTestId("oauth-logins-grid");
  await rightClickEmptySpace(grid);
  await expect(page.getByRole("menu", { name: "OAuth logins" })).toBeVisible();
  await expect(menuItems(page)).toHaveText(["Nieuw"]);
  await page.keyboard.press("Escape");
  await expect(grid).toBeFocused();

  // The keyboard alone: Shift+F10 on the focused row, the arrows move (and wrap), Enter chooses.
  await active.focus();
  await page.keyboard.press("Shift+F10");
  await expect(menuItems(page).nth(0)).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(menuItems(page).nth(1)).toBeFocused();
  await page.keyboard.press("End");
  await expect(menuItems(page).nth(5)).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(menuItems(page).nth(0)).toBeFocused();
  await page.keyboard.press("Enter");
  await expectOpenedAtAndEscaped(page, "OAuth login", "Omschrijving", ACTIVE, active);

  // The Menu key opens the same menu; Verwijderen asks first, and Escape there deletes nothing.
  await page.keyboard.press("ContextMenu");
  await expect(page.getByRole("menu", { name: `Acties voor ${ACTIVE}` })).toBeVisible();
  await page.keyboard.press("ArrowUp");
  await expect(page.getByRole("menuitem", { name: "Nieuw", exact: true })).toBeFocused();
  await page.keyboard.press("ArrowUp");
  await expect(page.getByRole("menuitem", { name: "Verwijderen" })).toBeFocused();
  await page.keyboard.press("Enter");
  const confirm = page.getByRole("dialog", { name: "OAuth login verwijderen" });
  await expect(confirm).toContainText(ACTIVE);
  await page.keyboard.press("Escape");
  await expect(confirm).toHaveCount(0);
  await expect(active).toBeFocused();
  expect(await sql`select 1 from oauth_logins where description = ${ACTIVE}`).toHaveLength(1);
});

test("Divisies & administraties: Enter opens an administration and a division row alike; one Escape closes; focus returns; nothing is saved", async ({
  page,
}) => {
  await asAdmin(page);
  await page.goto("/system/settings");
  const [division] = await sql<{ id: string }[]>`select id from divisions where code = ${CODE}`;
  const administration = page.locator(`tr[data-row="${ADMINISTRATION}"]`);
  const divisionRow = page.locator(`tr[data-row="${CODE}"]`);

  // Enter on a focused row, twice each: the dialog opens at its first field and stays open (the
  // Enter neither submits it nor opens a list that would take the first Escape).
  for (let round = 0; round < 2; round++) {
    await administration.focus();
    await page.keyboard.press("Enter");
    await expectOpenedAtAndEscaped(page, "Bron administratie", "Omschrijving", ADMINISTRATION, administration);
    await divisionRow.focus();
    await page.keyboard.press("Enter");
    await expectOpenedAtAndEscaped(page, "Divisie", "Code", CODE, divisionRow);
  }
  await expect(page.locator("[data-kind=success]")).toHaveCount(0);
  expect(await eventsAbout(administrationId)).toBe(0);
  expect(await eventsAbout(division.id)).toBe(0);

  // Opened by double-click or by the row's Bewerken: one Escape, and back there.
  await administration.dblclick();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(administration).toBeFocused();
  const edit = divisionRow.getByRole("button", { name: `Bewerken ${CODE} - Toetsenbord BV` });
  await edit.click();
  await expect(page.getByRole("dialog", { name: "Divisie" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(edit).toBeFocused();

  // The arrow keys move between the rows of a grid.
  await divisionRow.focus();
  await page.keyboard.press("ArrowDown");
  await expect(divisionRow).not.toBeFocused();
  await page.keyboard.press("ArrowUp");
  await expect(divisionRow).toBeFocused();

  // Each grid's right-click: the row's actions, or on empty space only its Nieuw.
  await administration.click({ button: "right" });
  await expect(page.getByRole("menu", { name: `Acties voor ${ADMINISTRATION}` })).toBeVisible();
  await expect(menuItems(page)).toHaveText([
    "Bewerken",
    "Verbinding testen",
    "Activiteit",
    "Verwijderen",
    "Nieuwe administratie",
  ]);
  // Without an OAuth login there is nothing to test.
  await expect(page.getByRole("menuitem", { name: "Verbinding testen" })).toBeDisabled();
  await page.keyboard.press("Escape");
  await divisionRow.click({ button: "right" });
  await expect(menuItems(page)).toHaveText(["Bewerken", "Verwijderen", "Nieuwe divisie"]);
  await page.keyboard.press("Escape");
  const divisionsGrid = page.getByTestId("divisions-grid");
  await rightClickEmptySpace(divisionsGrid);
  await expect(menuItems(page)).toHaveText(["Nieuwe divisie"]);
  await page.keyboard.press("Escape");
  const administrationsGrid = page.getByTestId("administrations-grid");
  await rightClickEmptySpace(administrationsGrid);
  await expect(menuItems(page)).toHaveText(["Nieuwe administratie"]);
  await page.keyboard.press("Enter");
  await expectOpenedAtAndEscaped(page, "Bron administratie", "Omschrijving", "", administrationsGrid);

  // From the keyboard, the division's Verwijderen asks; Escape keeps it.
  await divisionRow.focus();
  await page.keyboard.press("Shift+F10");
  await page.keyboard.press("End");
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("dialog", { name: "Divisie verwijderen" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(divisionRow).toBeFocused();
  expect(await sql`select 1 from divisions where code = ${CODE}`).toHaveLength(1);
});

test("Gebruikers and API-sleutels: the same menus, from the mouse and the keyboard", async ({ page }) => {
  await asAdmin(page);
  const viewer = await seedUser(sql, { prefix: "keyboard-viewer" });
  await page.goto("/users");
  const row = page.locator(`tr[data-email="${viewer.email}"]`);
  await row.click({ button: "right" });
  await expect(page.getByRole("menu", { name: `Acties voor ${viewer.name}` })).toBeVisible();
  await expect(menuItems(page)).toHaveText([
    "Rol wijzigen in Beheerder",
    "Blokkeren",
    "Wachtwoord opnieuw instellen",
    "Nieuwe gebruiker",
  ]);
  await page.keyboard.press("Escape");
  await expect(row).toBeFocused();

  // Blokkeren from the keyboard asks first; Escape blocks nobody.
  await page.keyboard.press("Shift+F10");
  await page.keyboard.press("ArrowDown");
  await expect(page.getByRole("menuitem", { name: "Blokkeren" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("dialog", { name: "Gebruiker blokkeren" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(row).toBeFocused();
  expect((await sql`select disabled from users where id = ${viewer.id}`)[0].disabled).toBe(false);

  // Another role from the menu, confirmed: made, and said.
  await page.keyboard.press("ContextMenu");
  await page.keyboard.press("Enter");
  await page.getByRole("dialog", { name: "Rol wijzigen" }).getByRole("button", { name: "Rol wijzigen" }).click();
  await expect(page.locator("[data-kind=success]")).toContainText(`${viewer.name} is nu Beheerder.`);
  expect((await sql`select role from users where id = ${viewer.id}`)[0].role).toBe("admin");

  // Empty space: only Nieuwe gebruiker, which opens the form at its first field.
  await rightClickEmptySpace(page.getByTestId("users-grid"));
  await expect(menuItems(page)).toHaveText(["Nieuwe gebruiker"]);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("form", { name: "Nieuwe gebruiker" }).getByLabel("Naam")).toBeFocused();

  await page.goto("/system/api-keys");
  const key = page.locator(`tr[data-key="${KEY}"]`);
  await key.click({ button: "right" });
  await expect(page.getByRole("menu", { name: `Acties voor ${KEY}` })).toBeVisible();
  await expect(menuItems(page)).toHaveText(["Intrekken", "Nieuwe API-sleutel"]);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("dialog", { name: "API-sleutel intrekken" })).toContainText(KEY);
  await page.keyboard.press("Escape");
  await expect(key).toBeFocused();
  expect((await sql`select revoked_at from api_keys where name = ${KEY}`)[0].revoked_at).toBeNull();
  // A revoked key has nothing left to do: the grid's own menu.
  await page.locator(`tr[data-key="${REVOKED_KEY}"]`).click({ button: "right" });
  await expect(menuItems(page)).toHaveText(["Nieuwe API-sleutel"]);
  await page.keyboard.press("Escape");
  const grid = page.getByTestId("api-keys-grid");
  await rightClickEmptySpace(grid);
  await expect(menuItems(page)).toHaveText(["Nieuwe API-sleutel"]);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("dialog", { name: "Nieuwe API-sleutel" }).getByLabel("Naam")).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(grid).toBeFocused();
});

test("row buttons say which row they act on; the Acties stay on one line (Meer opens the row's menu); a status badge on one", async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await asAdmin(page);
  await page.goto("/system/oauth-logins");
  const grid = page.getByTestId("oauth-logins-grid");
  for (const description of [ACTIVE, PENDING]) {
    const row = page.locator(`tr[data-login="${description}"]`);
    await expect(page.getByRole("button", { name: `Bewerken ${description}`, exact: true })).toHaveCount(1);
    const more = page.getByRole("button", { name: `Meer acties voor ${description}`, exact: true });
    await expect(more).toHaveCount(1);
    // One line of buttons, all inside the grid: nothing to scroll sideways for.
    const buttons = row.getByRole("cell").last().locator("button, a");
    const tops = new Set<number>();
    for (const b of await buttons.all()) tops.add(Math.round((await b.boundingBox())?.y ?? -1));
    expect(tops.size).toBe(1);
    const [moreBox, gridBox] = [await more.boundingBox(), await grid.boundingBox()];
    expect((moreBox?.x ?? 0) + (moreBox?.width ?? 0)).toBeLessThanOrEqual((gridBox?.x ?? 0) + (gridBox?.width ?? 0));
    // The badge ("Wacht op toestemming") is one line: no taller than the row's Bewerken button.
    const badge = await row.getByTestId("status-badge").boundingBox();
    const edit = await row.getByRole("button", { name: `Bewerken ${description}` }).boundingBox();
    expect(badge?.height ?? 99).toBeLessThanOrEqual(edit?.height ?? 0);
  }

  // Meer opens the row's own menu (the right-click's), and Escape returns to it.
  const more = page.getByRole("button", { name: `Meer acties voor ${ACTIVE}` });
  await more.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("menu", { name: `Acties voor ${ACTIVE}` })).toBeVisible();
  await expect(more).toHaveAttribute("aria-expanded", "true");
  await expect(menuItems(page)).toHaveText(["Bewerken", "Testen", "Opnieuw autoriseren", "Activiteit", "Verwijderen"]);
  await page.keyboard.press("Escape");
  await expect(more).toBeFocused();
  await expect(more).toHaveAttribute("aria-expanded", "false");

  // The settings grids too: one name per button, one line per row.
  await page.goto("/system/settings");
  const division = page.locator(`tr[data-row="${CODE}"]`);
  for (const name of [`Bewerken ${CODE} - Toetsenbord BV`, `Verwijderen ${CODE} - Toetsenbord BV`]) {
    await expect(page.getByRole("button", { name, exact: true })).toHaveCount(1);
  }
  const boxes = await Promise.all(
    (await division.getByRole("cell").last().getByRole("button").all()).map((b) => b.boundingBox()),
  );
  expect(new Set(boxes.map((b) => Math.round(b?.y ?? -1))).size).toBe(1);
  await expect(page.getByRole("button", { name: `Bewerken ${ADMINISTRATION}`, exact: true })).toHaveCount(1);
});

test("a skip link leads past the header and the navigation; the user menu is named by what it shows", async ({
  page,
}) => {
  const admin = await asAdmin(page);
  await page.goto("/system/settings");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Naar de inhoud" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(page.locator("main")).toBeFocused();
  await page.keyboard.press("Tab");
  // The next stop is the page's own first control, not the environment switcher or the menu.
  await expect(page.getByRole("tab", { name: "Divisies & administraties" })).toBeFocused();
  await expect(userMenu(page).locator("summary")).toHaveAccessibleName(new RegExp(`^${admin.name}`));
});

test("a viewer is not told to right-click or press Nieuw, and gets no menus or dialogs", async ({ page }) => {
  const viewer = await seedUser(sql, { prefix: "keyboard-viewer" });
  await signIn(page, viewer.email, viewer.password);
  for (const path of ["/system/oauth-logins", "/system/settings"]) {
    await page.goto(path);
    await expect(page.locator("main")).not.toContainText(/[Rr]echtsklik|Shift\+F10|\bNieuwe?\b/);
  }
  const row = page.locator(`tr[data-row="${ADMINISTRATION}"]`);
  await row.click({ button: "right" });
  await rightClickEmptySpace(page.getByTestId("administrations-grid"));
  await row.dblclick();
  await expect(page.getByRole("menu")).toHaveCount(0);
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(row).not.toHaveAttribute("tabindex");
});

test("Nieuw from a row's menu, by mouse and keyboard, in every grid where one may create", async ({ page }) => {
  await asAdmin(page);
  await page.goto("/system/oauth-logins");
  const active = page.locator(`tr[data-login="${ACTIVE}"]`);
  await active.click({ button: "right" });
  await page.getByRole("menuitem", { name: "Nieuw", exact: true }).click();
  await expectOpenedAtAndEscaped(page, "OAuth login", "Omschrijving", "", active);

  await page.goto("/system/settings");
  const divisionRow = page.locator(`tr[data-row="${CODE}"]`);
  await divisionRow.focus();
  await page.keyboard.press("Shift+F10");
  await page.keyboard.press("End");
  await expect(page.getByRole("menuitem", { name: "Nieuwe divisie" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expectOpenedAtAndEscaped(page, "Divisie", "Code", "", divisionRow);
  const administration = page.locator(`tr[data-row="${ADMINISTRATION}"]`);
  await administration.click({ button: "right" });
  await page.getByRole("menuitem", { name: "Nieuwe administratie" }).click();
  await expectOpenedAtAndEscaped(page, "Bron administratie", "Omschrijving", "", administration);

  await page.goto("/system/api-keys");
  const key = page.locator(`tr[data-key="${KEY}"]`);
  await key.click({ button: "right" });
  await page.getByRole("menuitem", { name: "Nieuwe API-sleutel" }).click();
  await expectOpenedAtAndEscaped(page, "Nieuwe API-sleutel", "Naam", "", key);
  // The Acties column holds the row's own actions only: no Nieuw per row.
  await expect(key.getByRole("button", { name: /Nieuw/ })).toHaveCount(0);
});

test("Enter and double-click open a row in every grid: Bewerken on OAuth logins, the row's menu where there is no Bewerken", async ({
  page,
}) => {
  await asAdmin(page);
  await page.goto("/system/oauth-logins");
  const active = page.locator(`tr[data-login="${ACTIVE}"]`);
  await active.focus();
  await page.keyboard.press("Enter");
  await expectOpenedAtAndEscaped(page, "OAuth login", "Omschrijving", ACTIVE, active);
  await active.dblclick();
  await expectOpenedAtAndEscaped(page, "OAuth login", "Omschrijving", ACTIVE, active);
  const [login] = await sql<{ id: string }[]>`select id from oauth_logins where description = ${ACTIVE}`;
  expect(await eventsAbout(login.id)).toBe(0);
  // A double-click on the row's own button is that button's, once: one dialog, not two things.
  await active.getByRole("button", { name: `Bewerken ${ACTIVE}` }).dblclick();
  await expect(page.getByRole("dialog")).toHaveCount(1);
  await page.keyboard.press("Escape");

  await page.goto("/system/api-keys");
  const key = page.locator(`tr[data-key="${KEY}"]`);
  await key.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("menu", { name: `Acties voor ${KEY}` })).toBeVisible();
  await expect(page.getByRole("menuitem", { name: "Intrekken" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(key).toBeFocused();
  await key.dblclick();
  await expect(page.getByRole("menu", { name: `Acties voor ${KEY}` })).toBeVisible();
  await page.keyboard.press("Escape");
  // Nothing was revoked on the way.
  expect((await sql`select revoked_at from api_keys where name = ${KEY}`)[0].revoked_at).toBeNull();
});

test("Escape in a dialog with typed changes asks first; Verder bewerken keeps them, Weggooien closes; an untouched dialog closes at once", async ({
  page,
}) => {
  await asAdmin(page);
  await page.goto("/system/oauth-logins");
  const [login] = await sql<{ id: string }[]>`select id from oauth_logins where description = ${ACTIVE}`;
  const active = page.locator(`tr[data-login="${ACTIVE}"]`);
  await active.focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "OAuth login" });
  const field = dialog.getByLabel("Omschrijving");
  await expect(field).toBeFocused();
  await page.keyboard.type(" gewijzigd");

  const ask = page.getByRole("alertdialog", { name: "Wijzigingen weggooien?" });
  await page.keyboard.press("Escape");
  await expect(dialog).toBeVisible();
  await expect(ask).toBeVisible();
  await expect(ask.getByRole("button", { name: "Verder bewerken" })).toBeFocused();
  await expectNoAxeViolations(page, "the discard question");
  // Escape on the question is "not yet": back to the field, the typing kept.
  await page.keyboard.press("Escape");
  await expect(ask).toHaveCount(0);
  await expect(field).toBeFocused();
  await expect(field).toHaveValue(`${ACTIVE} gewijzigd`);
  // Annuleren asks too; Verder bewerken keeps the typing.
  await dialog.getByRole("button", { name: "Annuleren" }).click();
  await ask.getByRole("button", { name: "Verder bewerken" }).click();
  await expect(field).toHaveValue(`${ACTIVE} gewijzigd`);
  // Weggooien closes, saves nothing, and focus is back on the row.
  await page.keyboard.press("Escape");
  await ask.getByRole("button", { name: "Weggooien" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(active).toBeFocused();
  expect((await sql`select description from oauth_logins where id = ${login.id}`)[0].description).toBe(ACTIVE);
  expect(await eventsAbout(login.id)).toBe(0);

  // Typed back to what it was: nothing to lose, Escape closes at once.
  await page.keyboard.press("Enter");
  await page.keyboard.type("x");
  await page.keyboard.press("Backspace");
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  await expect(ask).toHaveCount(0);

  // A new login's chosen Url is a change as much as typed text.
  await page.getByRole("button", { name: "Nieuw", exact: true }).click();
  await dialog.getByLabel("Url").selectOption({ label: "https://start.exactonline.be/ — België" });
  await page.keyboard.press("Escape");
  await expect(ask).toBeVisible();
  await ask.getByRole("button", { name: "Weggooien" }).click();
  await expect(dialog).toHaveCount(0);
});
