import { E2E_ADMIN } from "./support/constants";
import { e2eSql } from "./support/db";
import { expect, test } from "./support/server-console";
import { signedInPage, signIn, submitSignIn } from "./support/sign-in";
import { findUser, seedUser } from "./support/users";
import { setBlocked, userRow } from "./support/users-page";

const sql = e2eSql();
test.afterAll(() => sql.end());

test("a blocked viewer loses access at once, and gets it back when unblocked", async ({ page, browser }) => {
  test.slow(); // several argon2 sign-ins and browser contexts
  const viewer = await seedUser(sql, { prefix: "blocked-viewer" });
  const other = await signedInPage(browser, viewer.email, viewer.password);
  const nav = other.page.getByRole("navigation", { name: "Hoofdmenu" });
  await expect(other.page.getByRole("heading", { level: 1, name: "Overzicht" })).toBeVisible();
  // While active, navigating works.
  await nav.getByRole("link", { name: "OAuth logins" }).click();
  await expect(other.page.getByRole("heading", { level: 1, name: "OAuth logins" })).toBeVisible();

  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto("/users");
  const row = userRow(page, viewer.email);
  await setBlocked(page, viewer, true);
  await expect(row).toContainText("Geblokkeerd");
  await expect(row.getByRole("button", { name: "Deblokkeren" })).toBeVisible();
  expect((await findUser(sql, viewer.email))?.disabled).toBe(true);
  const [event] = await sql<{ actor_email: string }[]>`
    select actor_email from audit_events where entity_id = ${viewer.id} and action = 'user.disabled'`;
  expect(event?.actor_email).toBe(E2E_ADMIN.email);

  // The page the viewer still has open can no longer change anything...
  const environment = other.page.getByLabel("Omgeving");
  await environment.selectOption({ label: "Test" });
  await expect(
    other.page.locator("header").getByText("U bent niet (meer) aangemeld. Meld u opnieuw aan."),
  ).toBeVisible();
  expect((await findUser(sql, viewer.email))?.environment_id).toBeNull();
  // ...and the next navigation ends on the sign-in page.
  await nav.getByRole("link", { name: "Audit log" }).click();
  await expect(other.page).toHaveURL(/\/login(\?|$)/);
  await expect(other.page.getByRole("heading", { level: 1, name: "Aanmelden" })).toBeVisible();
  for (const path of ["/", "/system/settings"]) {
    await other.page.goto(path);
    await expect(other.page).toHaveURL(/\/login(\?|$)/);
  }

  // Signing in again does not work either: with the right password the viewer is told why,
  // with a wrong one nobody learns that the account exists or is blocked.
  await submitSignIn(other.page, viewer.email, viewer.password);
  await expect(other.page.locator("[data-kind=error]")).toHaveText(
    "Dit account is geblokkeerd. Vraag een beheerder om het te deblokkeren.",
  );
  await expect(other.page).toHaveURL(/\/login(\?|$)/);
  await submitSignIn(other.page, viewer.email, "not-the-password-at-all");
  await expect(other.page.locator("[data-kind=error]")).toHaveText("Onbekend e-mailadres of onjuist wachtwoord.");

  // Unblocked, the viewer can sign in again.
  await setBlocked(page, viewer, false);
  await expect(row).toContainText("Actief");
  expect((await findUser(sql, viewer.email))?.disabled).toBe(false);
  await other.context.close();
  const again = await signedInPage(browser, viewer.email, viewer.password);
  await expect(again.page.getByRole("heading", { level: 1, name: "Overzicht" })).toBeVisible();
  await again.context.close();
});

test("unblocking does not bring back a session from before the block", async ({ page, browser }) => {
  test.slow();
  const viewer = await seedUser(sql, { prefix: "revoked-viewer" });
  const old = await signedInPage(browser, viewer.email, viewer.password);
  await expect(old.page.getByRole("heading", { level: 1, name: "Overzicht" })).toBeVisible();

  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto("/users");
  const row = userRow(page, viewer.email);
  await setBlocked(page, viewer, true);
  await expect(row).toContainText("Geblokkeerd");
  await setBlocked(page, viewer, false);
  await expect(row).toContainText("Actief");
  expect((await findUser(sql, viewer.email))?.disabled).toBe(false);

  // The browser that was signed in before the block still holds its cookie, but it no longer counts.
  await old.page.goto("/");
  await expect(old.page).toHaveURL(/\/login(\?|$)/);
  // A fresh sign-in works.
  await submitSignIn(old.page, viewer.email, viewer.password);
  await expect(old.page.getByRole("heading", { level: 1, name: "Overzicht" })).toBeVisible();
  await old.context.close();
});
