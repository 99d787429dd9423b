import { expect, type Page } from "@playwright/test";

/** The simulator the global setup started (its test controls are on). */
export function simUrl(): string {
  const url = process.env.E2E_SIM_URL;
  if (!url) throw new Error("E2E_SIM_URL is not set: run through `npm run test:e2e`");
  return url;
}

export const SIM_USER = { userName: "marieke.qics", password: "Qics-Exact-2016" };
export const OTHER_SIM_USER = { userName: "sanne.bakery", password: "Bakery-Exact-1" };

/** Exact's login page, as a person fills it in. */
export async function signInToExact(page: Page, user = SIM_USER): Promise<void> {
  await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/nl\/api\/oauth2\//);
  await page.getByLabel("Gebruikersnaam").fill(user.userName);
  await page.getByLabel("Wachtwoord").fill(user.password);
  await page.getByRole("button", { name: "Login" }).click();
}

/** Exact's consent page: checks the seed's sentence, then Toestaan or Weigeren. */
export async function decideInExact(page: Page, decision: "Toestaan" | "Weigeren", user = SIM_USER): Promise<void> {
  await expect(
    page.getByText(
      `heeft uw permissie nodig om toegang te krijgen tot de gegevens van uw Exact Online omgeving (${user.userName})`,
    ),
  ).toBeVisible();
  await expect(page.getByRole("link", { name: "Uitloggen" })).toBeVisible();
  await page.getByRole("button", { name: decision }).click();
}

/** Makes an OAuth login as a person does: Nieuw on the OAuth logins page, Opslaan, Exact's login, Toestaan. */
export async function linkLoginThroughExact(page: Page, description: string): Promise<void> {
  await page.goto("/system/oauth-logins");
  await page.getByRole("button", { name: "Nieuw", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "OAuth login" });
  await dialog.getByLabel("Omschrijving").fill(description);
  await dialog.getByRole("button", { name: "Opslaan" }).click();
  await signInToExact(page);
  await decideInExact(page, "Toestaan");
  await expect(page.locator(`tr[data-login="${description}"]`)).toContainText("Gekoppeld");
}
