import type { Page } from "@playwright/test";
import { e2eSql } from "./support/db";
import { expect, test } from "./support/server-console";
import { openUserMenu, signedInPage, signIn, signOut } from "./support/sign-in";
import { findUser, seedUser } from "./support/users";
import { userRow } from "./support/users-page";

const sql = e2eSql();
test.afterAll(() => sql.end());

/** Day, month and year of a moment in Amsterdam, as numbers. */
function amsterdamDay(at: Date): { d: number; m: number; y: number } {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: "Europe/Amsterdam",
    day: "numeric",
    month: "numeric",
    year: "numeric",
  }).formatToParts(at);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { d: part("day"), m: part("month"), y: part("year") };
}

/** The "last signed in" cell of a user on /users. */
function lastSignInCell(page: Page, email: string) {
  return userRow(page, email).locator("td").nth(4);
}

const nav = (page: Page, name: string) => page.getByRole("navigation", { name });

test("switching to English shows English, survives a reload and a new sign-in, and keeps dates day-first", async ({
  page,
  browser,
}) => {
  test.slow(); // several argon2 sign-ins and browser contexts
  const user = await seedUser(sql, { prefix: "language-admin", role: "admin" });
  await signIn(page, user.email, user.password);
  await page.goto("/users");
  await expect(page.locator("html")).toHaveAttribute("lang", "nl");
  await expect(nav(page, "Hoofdmenu").getByRole("link", { name: "Gebruikers" })).toBeVisible();

  const signedInAt = (await findUser(sql, user.email))?.last_sign_in_at;
  if (!signedInAt) throw new Error("sign-in did not record last_sign_in_at");
  const { d, m, y } = amsterdamDay(signedInAt);
  await expect(lastSignInCell(page, user.email)).toHaveText(new RegExp(`^${d}-${m}-${y} \\d{2}:\\d{2}$`));

  await openUserMenu(page);
  await page.getByLabel("Taal").selectOption({ label: "English" });
  const english = nav(page, "Main menu");
  await expect(english.getByRole("link", { name: "Overview" })).toBeVisible();
  await expect(english.getByRole("link", { name: "Users" })).toBeVisible();
  await expect(english.getByRole("link", { name: "General settings" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(nav(page, "Hoofdmenu")).toHaveCount(0);
  await expect.poll(async () => (await findUser(sql, user.email))?.locale).toBe("en");
  // Day first in English too: dd/mm/yyyy, not the American mm/dd/yyyy.
  await expect(lastSignInCell(page, user.email)).toHaveText(new RegExp(`^0?${d}/0?${m}/${y} \\d{2}:\\d{2}$`));

  await page.reload();
  await expect(english.getByRole("link", { name: "Overview" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();

  await signOut(page);
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();

  // A fresh browser (no language cookie): the choice comes back with the user.
  const fresh = await browser.newContext();
  const freshPage = await fresh.newPage();
  await freshPage.goto("/login");
  await expect(freshPage.getByRole("heading", { level: 1, name: "Aanmelden" })).toBeVisible();
  await signIn(freshPage, user.email, user.password);
  await expect(nav(freshPage, "Main menu").getByRole("link", { name: "Overview" })).toBeVisible();
  await expect(freshPage.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  await fresh.close();

  // It is stored per user: another user in this English browser gets their own (Dutch).
  const other = await seedUser(sql, { prefix: "language-other" });
  await signIn(page, other.email, other.password);
  await expect(nav(page, "Hoofdmenu").getByRole("link", { name: "Overzicht" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: "Overzicht" })).toBeVisible();
  expect((await findUser(sql, other.email))?.locale).toBe("nl");
  expect((await findUser(sql, user.email))?.locale).toBe("en");
});

test("switching back to Nederlands is stored too", async ({ browser }) => {
  const user = await seedUser(sql, { prefix: "language-back" });
  await sql`update users set locale = 'en' where id = ${user.id}`;
  const { context, page } = await signedInPage(browser, user.email, user.password);
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  await openUserMenu(page);
  await page.getByLabel("Language").selectOption({ label: "Nederlands" });
  await expect(page.getByRole("heading", { level: 1, name: "Overzicht" })).toBeVisible();
  await expect.poll(async () => (await findUser(sql, user.email))?.locale).toBe("nl");
  await context.close();
});
