import { expect, type Page, test } from "@playwright/test";
import { E2E_ADMIN } from "./support/constants";
import { e2eSql } from "./support/db";
import { signedInPage, signIn, signOut } from "./support/sign-in";
import { countUsers, findUser, uniqueSuffix } from "./support/users";
import { createUserThroughForm, fillCreateUserForm, openCreateUserForm, userRow } from "./support/users-page";

const sql = e2eSql();
test.afterAll(() => sql.end());

const ARGON2ID = /^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/;
const nav = (page: Page) => page.getByRole("navigation", { name: "Hoofdmenu" });

test.beforeEach(async ({ page }) => {
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto("/users");
});

test("an admin creates a viewer, who can then sign in and sees only what a viewer may", async ({ page, browser }) => {
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
  expect(message).toBe(`Gebruiker ${email} is aangemaakt.`);
  const row = userRow(page, email);
  await expect(row).toContainText(viewer.name);
  await expect(row).toContainText("Actief");
  await expect(row.getByLabel(`Rol van ${viewer.name}`)).toHaveValue("viewer");

  expect(await countUsers(sql)).toBe(before + 1);
  const saved = await findUser(sql, email);
  expect(saved).toMatchObject({
    email,
    name: viewer.name,
    role: "viewer",
    disabled: false,
    must_change_password: false,
  });
  expect(saved?.password_hash).toMatch(ARGON2ID);
  expect(saved?.password_hash).not.toContain(viewer.password);

  const { context, page: viewerPage } = await signedInPage(browser, email, viewer.password);
  await expect(viewerPage.getByRole("heading", { level: 1, name: "Overzicht" })).toBeVisible();
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
  const message = await createUserThroughForm(page, { ...user, role: "Teamleider", password: "" });
  const match = message.match(/^Wachtwoord voor (\S+) \(wordt maar één keer getoond\): (\S+)$/);
  expect(match?.[1]).toBe(user.email);
  const generated = match?.[2] ?? "";
  expect(generated).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{20}$/);
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
