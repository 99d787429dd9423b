import { E2E_ADMIN } from "./support/constants";
import { expect, test } from "./support/server-console";
import { signIn } from "./support/sign-in";

test("an admin signs in and lands on the overview", async ({ page }) => {
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await expect(page.getByRole("heading", { level: 1, name: "Overzicht" })).toBeVisible();
  await expect(
    page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Gebruikers" }),
  ).toBeVisible();
});

test("a wrong password gives a message and no session", async ({ page }) => {
  await page.goto("/login");
  await page.locator("#email").fill(E2E_ADMIN.email);
  await page.locator("#password").fill("not-the-password");
  await page.locator("form button[type=submit]").click();
  await expect(page.locator("[data-kind=error]")).toHaveText("Onbekend e-mailadres of onjuist wachtwoord.");
  await page.goto("/users");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fusers/);
});
