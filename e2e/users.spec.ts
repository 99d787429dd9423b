import type { Page } from "@playwright/test";
import { E2E_ADMIN } from "./support/constants";
import { e2eSql } from "./support/db";
import { expect, test } from "./support/server-console";
import { signedInPage, signIn, signOut } from "./support/sign-in";
import { countUsers, findUser, seedUser, uniqueSuffix } from "./support/users";
import {
  createUserThroughForm,
  fillCreateUserForm,
  openCreateUserForm,
  resetPasswordThroughConfirm,
  takeShownPassword,
  userRow,
} from "./support/users-page";

const sql = e2eSql();
test.afterAll(() => sql.end());

const ARGON2ID = /^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/;
const nav = (page: Page) => page.getByRole("navigation", { name: "Hoofdmenu" });

/** Chooses one's own password on the page a new user is held at, and lands on the overview. */
async function chooseOwnPassword(page: Page, current: string, chosen: string): Promise<void> {
  await expect(page).toHaveURL(/\/account\/password$/);
  await expect(page.getByText("Kies een eigen wachtwoord voordat u verdergaat.")).toBeVisible();
  await page.getByLabel("Huidig wachtwoord", { exact: true }).fill(current);
  await page.getByLabel("Nieuw wachtwoord", { exact: true }).fill(chosen);
  await page.getByLabel("Herhaal nieuw wachtwoord", { exact: true }).fill(chosen);
  await page.getByRole("button", { name: "Wachtwoord opslaan" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Overzicht" })).toBeVisible();
}

test.beforeEach(async ({ page }) => {
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto("/users");
});

test("an admin creates a viewer with a chosen password, which the viewer must change at first sign-in; then sees only what a viewer may", async ({
  page,
  browser,
}) => {
  test.slow(); // several argon2 sign-ins and browser contexts
  const suffix = uniqueSuffix();
  const viewer = {
    name: `Nieuwe Kijker ${suffix}`,
    email: `New.Viewer-${suffix}@Example.test`,
    password: `kijker-${suffix}-pw`,
  };
  const email = viewer.email.toLowerCase();
  const before = await countUsers(sql);

  const message = await createUserThroughForm(page, { ...viewer, role: "Teamleider" });
  expect(message).toBe(`Gebruiker ${email} is aangemaakt; bij de eerste aanmelding kiest deze een eigen wachtwoord.`);
  // The admin chose it, so the admin knows it: no dialog, and the user must replace it.
  await expect(page.getByRole("dialog")).toHaveCount(0);
  const row = userRow(page, email);
  await expect(row).toContainText(viewer.name);
  await expect(row).toContainText("Actief");
  await expect(row).toContainText("Moet wachtwoord wijzigen");
  await expect(row.getByLabel(`Rol van ${viewer.name}`)).toHaveValue("viewer");

  expect(await countUsers(sql)).toBe(before + 1);
  const saved = await findUser(sql, email);
  expect(saved).toMatchObject({
    email,
    name: viewer.name,
    role: "viewer",
    disabled: false,
    must_change_password: true,
  });
  expect(saved?.password_hash).toMatch(ARGON2ID);
  expect(saved?.password_hash).not.toContain(viewer.password);

  const { context, page: viewerPage } = await signedInPage(browser, email, viewer.password);
  await chooseOwnPassword(viewerPage, viewer.password, `eigen-${suffix}-wachtwoord`);
  expect((await findUser(sql, email))?.must_change_password).toBe(false);
  await expect(viewerPage.getByTestId("current-role")).toHaveText("Teamleider");
  const links = [
    { name: "Overzicht", heading: "Overzicht" },
    { name: "OAuth logins", heading: "OAuth logins" },
    { name: "Algemene instellingen", heading: "Algemene instellingen" },
    { name: "Audit log", heading: "Audit log" },
  ];
  for (const { name, heading } of links) {
    await nav(viewerPage).getByRole("link", { name }).click();
    await expect(viewerPage.getByRole("heading", { level: 1, name: heading })).toBeVisible();
  }
  await expect(nav(viewerPage).getByRole("link", { name: "Gebruikers" })).toHaveCount(0);
  const forbidden = await viewerPage.goto("/users");
  expect(forbidden?.status()).toBe(403);
  await expect(viewerPage.getByRole("heading", { level: 1, name: "Geen toegang" })).toBeVisible();
  await context.close();
});

test("an invalid e-mail, an empty name, a short password or a taken e-mail create nothing", async ({ page }) => {
  const before = await countUsers(sql);
  const form = await openCreateUserForm(page);
  const actions: string[] = [];
  page.on("request", (r) => {
    if (r.headers()["next-action"]) actions.push(r.url());
  });

  await fillCreateUserForm(form, { name: "", email: "geen-e-mailadres", password: "kort" });
  await form.getByRole("button", { name: "Gebruiker aanmaken" }).click();
  await expect(form.locator("#name-error")).toHaveText("Verplicht veld.");
  await expect(form.locator("#email-error")).toHaveText("Geen geldig e-mailadres.");
  await expect(form.locator("#password-error")).toHaveText("Het wachtwoord moet minstens 12 tekens lang zijn.");
  await expect(form.getByLabel("Naam", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByLabel("E-mailadres", { exact: true })).toHaveAttribute("aria-invalid", "true");
  expect(actions).toEqual([]);
  expect(await countUsers(sql)).toBe(before);

  // Valid to the form, refused by the server: the address is taken (in another case, too).
  await fillCreateUserForm(form, { name: "Dubbel", email: E2E_ADMIN.email.toUpperCase(), password: "" });
  await form.getByRole("button", { name: "Gebruiker aanmaken" }).click();
  await expect(form.locator("#email-error")).toHaveText("Dit e-mailadres is al in gebruik.");
  await expect(form.locator("#name-error")).toHaveCount(0);
  expect(actions.length).toBe(1);
  expect(await countUsers(sql)).toBe(before);
  expect(await findUser(sql, E2E_ADMIN.email)).toMatchObject({ name: E2E_ADMIN.name, role: "admin" });
  await expect(page.locator("[data-kind=success]")).toHaveCount(0);

  // Corrected, the same form does create the user.
  const email = `corrected-${uniqueSuffix()}@example.test`;
  await fillCreateUserForm(form, { name: "Verbeterd", email, password: "" });
  await form.getByRole("button", { name: "Gebruiker aanmaken" }).click();
  await expect(page.locator("[data-kind=success]")).toContainText(email);
  expect(await countUsers(sql)).toBe(before + 1);
});

test("a user created without a password gets one shown once and must change it at first sign-in", async ({
  page,
  browser,
}) => {
  test.slow(); // several argon2 sign-ins and browser contexts
  const suffix = uniqueSuffix();
  const user = { name: `Eerste Keer ${suffix}`, email: `first-time-${suffix}@example.test` };
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  const message = await createUserThroughForm(page, { ...user, role: "Teamleider", password: "" });
  expect(message).toContain(`Gebruiker ${user.email} is aangemaakt`);
  expect(message).not.toMatch(/[a-km-zA-HJ-NP-Z2-9]{20}/);
  // The password in its own dialog, once, with a copy button.
  const dialog = page.getByRole("dialog", { name: `Wachtwoord voor ${user.name}` });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(`Geef dit wachtwoord door aan ${user.name} (${user.email})`);
  await expect(dialog).toContainText("Het wordt maar één keer getoond");
  const generated = await dialog.getByLabel("Wachtwoord", { exact: true }).inputValue();
  expect(generated).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{20}$/);
  await dialog.getByRole("button", { name: "Kopiëren" }).click();
  await expect(dialog.getByText("Gekopieerd naar het klembord.")).toBeVisible();
  // What was copied is the password: pasted into the form's password field, it is the same.
  await expect(takeShownPassword(page, user.name)).resolves.toBe(generated);
  const form = await openCreateUserForm(page);
  await form.getByLabel("Wachtwoord", { exact: true }).focus();
  await page.keyboard.press("ControlOrMeta+V");
  await expect(form.getByLabel("Wachtwoord", { exact: true })).toHaveValue(generated);
  await form.getByRole("button", { name: "Annuleren" }).click();
  await expect(userRow(page, user.email)).toContainText("Moet wachtwoord wijzigen");

  const created = await findUser(sql, user.email);
  expect(created).toMatchObject({ role: "viewer", must_change_password: true });
  expect(created?.password_hash).toMatch(ARGON2ID);

  // Shown once: gone after a reload.
  await page.reload();
  await expect(userRow(page, user.email)).toBeVisible();
  expect(await page.content()).not.toContain(generated);

  const { context, page: newcomer } = await signedInPage(browser, user.email, generated);
  await expect(newcomer).toHaveURL(/\/account\/password$/);
  await expect(newcomer.getByText("Kies een eigen wachtwoord voordat u verdergaat.")).toBeVisible();
  // The portal stays closed until the password is changed.
  for (const path of ["/", "/audit", "/system/settings"]) {
    await newcomer.goto(path);
    await expect(newcomer).toHaveURL(/\/account\/password$/);
  }
  await expect(newcomer.getByRole("link", { name: "Terug naar het portaal" })).toHaveCount(0);

  const current = newcomer.getByLabel("Huidig wachtwoord", { exact: true });
  const next = newcomer.getByLabel("Nieuw wachtwoord", { exact: true });
  const confirm = newcomer.getByLabel("Herhaal nieuw wachtwoord", { exact: true });
  const submit = newcomer.getByRole("button", { name: "Wachtwoord opslaan" });
  const chosen = `eigen-keuze-${suffix}`;

  await current.fill(generated);
  await next.fill(chosen);
  await confirm.fill(`${chosen}-anders`);
  await submit.click();
  await expect(newcomer.locator("#confirmPassword-error")).toHaveText("De wachtwoorden zijn niet gelijk.");

  await current.fill("niet-het-wachtwoord");
  await confirm.fill(chosen);
  await submit.click();
  await expect(newcomer.locator("#currentPassword-error")).toHaveText("Het huidige wachtwoord klopt niet.");
  expect(await findUser(sql, user.email)).toMatchObject({
    must_change_password: true,
    password_hash: created?.password_hash,
  });

  await current.fill(generated);
  await submit.click();
  await expect(newcomer.getByRole("heading", { level: 1, name: "Overzicht" })).toBeVisible();
  await expect(newcomer).toHaveURL(/\/$/);
  const changed = await findUser(sql, user.email);
  expect(changed?.must_change_password).toBe(false);
  expect(changed?.password_hash).toMatch(ARGON2ID);
  expect(changed?.password_hash).not.toBe(created?.password_hash);

  // The new password is the one that works now, and the portal opens straight away.
  await signOut(newcomer);
  await signIn(newcomer, user.email, chosen);
  await expect(newcomer).toHaveURL(/\/$/);
  await expect(newcomer.getByRole("heading", { level: 1, name: "Overzicht" })).toBeVisible();
  await context.close();

  await page.reload();
  await expect(userRow(page, user.email)).not.toContainText("Moet wachtwoord wijzigen");
});

test("changing a role asks first, saying what it means; Escape and Annuleren change nothing; afterwards the page says what happened", async ({
  page,
}) => {
  const piet = await seedUser(sql, { prefix: "role-confirm" });
  await page.reload();
  const row = userRow(page, piet.email);
  const role = row.getByLabel(`Rol van ${piet.name}`);
  const dialog = page.getByRole("dialog", { name: "Rol wijzigen" });
  const changes = async () => {
    const [{ n }] = await sql<{ n: number }[]>`
      select count(*)::int as n from audit_events where entity_id = ${piet.id} and action = 'user.role_changed'`;
    return n;
  };

  // As a click on it would, choosing gives the select focus; the dialog gives it back.
  await role.focus();
  await role.selectOption({ label: "Beheerder" });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(
    `De rol van ${piet.name} (${piet.email}) wijzigen van Teamleider in Beheerder? Een beheerder kan alles wijzigen, ook gebruikers en hun rollen.`,
  );
  // Nothing has happened yet, and the select does not pretend it has.
  await expect(role).toHaveValue("viewer");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(role).toHaveValue("viewer");
  await expect(role).toBeFocused();

  await role.selectOption({ label: "Beheerder" });
  await dialog.getByRole("button", { name: "Annuleren" }).click();
  await expect(dialog).toBeHidden();
  await expect(role).toHaveValue("viewer");
  expect((await findUser(sql, piet.email))?.role).toBe("viewer");
  expect(await changes()).toBe(0);
  await expect(page.locator("[data-kind=success]")).toHaveCount(0);

  await role.selectOption({ label: "Beheerder" });
  await dialog.getByRole("button", { name: "Rol wijzigen" }).click();
  await expect(page.locator("[data-kind=success]")).toHaveText(`${piet.name} is nu Beheerder.`);
  await expect(role).toHaveValue("admin");
  expect((await findUser(sql, piet.email))?.role).toBe("admin");
  expect(await changes()).toBe(1);

  // And back, with its own explanation.
  await role.selectOption({ label: "Teamleider" });
  await expect(dialog).toContainText("Een teamleider kan alles bekijken, maar niets meer wijzigen.");
  await dialog.getByRole("button", { name: "Rol wijzigen" }).click();
  await expect(page.locator("[data-kind=success]")).toHaveText(`${piet.name} is nu Teamleider.`);
  expect((await findUser(sql, piet.email))?.role).toBe("viewer");
});

test("blocking and unblocking ask first and can be done with the keyboard alone; the page says what happened", async ({
  page,
}) => {
  const piet = await seedUser(sql, { prefix: "block-confirm" });
  await page.reload();
  const row = userRow(page, piet.email);
  const block = row.getByRole("button", { name: `Blokkeren ${piet.name}`, exact: true });
  const dialog = page.getByRole("dialog", { name: "Gebruiker blokkeren" });

  await block.focus();
  await page.keyboard.press("Enter");
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(
    `${piet.name} (${piet.email}) blokkeren? ${piet.name} wordt meteen afgemeld en kan zich pas weer aanmelden als u deblokkeert.`,
  );
  // Focus is in the dialog; Escape closes it, changes nothing and gives focus back.
  await expect(dialog.getByRole("button", { name: "Annuleren" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(block).toBeFocused();
  expect((await findUser(sql, piet.email))?.disabled).toBe(false);
  await expect(row).toContainText("Actief");

  // Enter, Tab to Blokkeren, Enter.
  await page.keyboard.press("Enter");
  await expect(dialog).toBeVisible();
  await page.keyboard.press("Tab");
  await expect(dialog.getByRole("button", { name: "Blokkeren" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
  await expect(page.locator("[data-kind=success]")).toHaveText(`${piet.name} is geblokkeerd.`);
  await expect(row).toContainText("Geblokkeerd");
  expect((await findUser(sql, piet.email))?.disabled).toBe(true);

  const unblock = row.getByRole("button", { name: `Deblokkeren ${piet.name}`, exact: true });
  await unblock.click();
  const again = page.getByRole("dialog", { name: "Gebruiker deblokkeren" });
  await expect(again).toContainText(
    `${piet.name} (${piet.email}) deblokkeren? ${piet.name} kan zich daarna weer aanmelden.`,
  );
  await again.getByRole("button", { name: "Deblokkeren" }).click();
  await expect(page.locator("[data-kind=success]")).toHaveText(`${piet.name} is gedeblokkeerd.`);
  await expect(row).toContainText("Actief");
  expect((await findUser(sql, piet.email))?.disabled).toBe(false);
});

test("Nieuwe gebruiker is a dialog like every other Nieuw: it opens at Naam, Escape makes nothing, Opslaan makes the user", async ({
  page,
}) => {
  const before = await countUsers(sql);
  await page.getByRole("button", { name: "Nieuwe gebruiker" }).click();
  const dialog = page.getByRole("dialog", { name: "Nieuwe gebruiker" });
  await expect(dialog).toBeVisible();
  // A modal <dialog>, as the other Nieuw's: the page behind it is inert, not a form pushed into it.
  expect(await dialog.evaluate((d) => d instanceof HTMLDialogElement && d.open && d.matches(":modal"))).toBe(true);
  await expect(dialog.getByLabel("Naam", { exact: true })).toBeFocused();
  await dialog.getByLabel("Naam", { exact: true }).fill("Weggegooid");
  // Typed changes: Escape asks first (as every dialog does), Weggooien closes without making anyone.
  await page.keyboard.press("Escape");
  await dialog.getByRole("button", { name: "Weggooien" }).click();
  await expect(dialog).toBeHidden();
  expect(await countUsers(sql)).toBe(before);

  const email = `dialog-${uniqueSuffix()}@example.test`;
  await createUserThroughForm(page, { name: "Uit de dialoog", email, password: "" });
  await takeShownPassword(page, "Uit de dialoog");
  expect(await findUser(sql, email)).toMatchObject({
    name: "Uit de dialoog",
    role: "viewer",
    must_change_password: true,
  });
  expect(await countUsers(sql)).toBe(before + 1);
});

test("Wachtwoord opnieuw instellen asks first: Annuleren and Escape change nothing", async ({ page }) => {
  const piet = await seedUser(sql, { prefix: "reset-asks" });
  const before = await sql`select password_hash, must_change_password from users where id = ${piet.id}`;
  await page.reload();
  const reset = userRow(page, piet.email).getByRole("button", { name: "Wachtwoord opnieuw instellen" });
  const dialog = page.getByRole("dialog", { name: "Wachtwoord opnieuw instellen" });
  await reset.click();
  await expect(dialog).toContainText(`Het wachtwoord van ${piet.name} (${piet.email}) opnieuw instellen?`);
  await dialog.getByRole("button", { name: "Annuleren" }).click();
  await expect(dialog).toBeHidden();
  await reset.click();
  await expect(dialog).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  // Nothing happened: no new password shown, the old one still the user's, no session ended.
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(page.locator("[data-kind]")).toHaveCount(0);
  expect(await sql`select password_hash, must_change_password from users where id = ${piet.id}`).toEqual(before);
  expect(
    await sql`select 1 from audit_events where entity_id = ${piet.id} and action = 'user.password_reset'`,
  ).toHaveLength(0);
});

test("Blokkeren is not offered on one's own row; it is on another's", async ({ page }) => {
  const other = await seedUser(sql, { prefix: "block-other" });
  await page.reload();
  const own = userRow(page, E2E_ADMIN.email);
  await expect(own.getByRole("button", { name: "Wachtwoord opnieuw instellen" })).toBeVisible();
  await expect(own.getByRole("button", { name: /Blokkeren/ })).toHaveCount(0);
  await expect(
    userRow(page, other.email).getByRole("button", { name: `Blokkeren ${other.name}`, exact: true }),
  ).toBeVisible();
});

test("a reset password is shown once in its dialog, and the user must change it", async ({ page }) => {
  const piet = await seedUser(sql, { prefix: "reset-once" });
  await page.reload();
  const password = await resetPasswordThroughConfirm(page, piet);
  expect(password).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{20}$/);
  await expect(page.locator("[data-kind=success]")).toHaveText(
    `Het wachtwoord van ${piet.name} is opnieuw ingesteld; ${piet.name} is afgemeld en kiest bij de volgende aanmelding een eigen wachtwoord.`,
  );
  expect(await page.content()).not.toContain(password);
  expect((await findUser(sql, piet.email))?.must_change_password).toBe(true);
  await expect(userRow(page, piet.email)).toContainText("Moet wachtwoord wijzigen");
});
