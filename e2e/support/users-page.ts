import { expect, type Locator, type Page } from "@playwright/test";

/** The "Nieuwe gebruiker" form on /users, opened with its button. */
export async function openCreateUserForm(page: Page): Promise<Locator> {
  if (new URL(page.url()).pathname !== "/users") await page.goto("/users");
  await page.getByRole("button", { name: "Nieuwe gebruiker" }).click();
  const form = page.getByRole("form", { name: "Nieuwe gebruiker" });
  await expect(form).toBeVisible();
  return form;
}

/** Fills the form as a person would; `role` is the Dutch label (Beheerder / Teamleider). */
export async function fillCreateUserForm(
  form: Locator,
  input: { name: string; email: string; role?: "Beheerder" | "Teamleider"; password?: string },
): Promise<void> {
  await form.getByLabel("Naam", { exact: true }).fill(input.name);
  await form.getByLabel("E-mailadres", { exact: true }).fill(input.email);
  await form.getByLabel("Rol", { exact: true }).selectOption({ label: input.role ?? "Teamleider" });
  await form.getByLabel("Wachtwoord", { exact: true }).fill(input.password ?? "");
}

/** Creates a user through the Users page and returns the success message's text. */
export async function createUserThroughForm(
  page: Page,
  input: { name: string; email: string; role?: "Beheerder" | "Teamleider"; password?: string },
): Promise<string> {
  const form = await openCreateUserForm(page);
  await fillCreateUserForm(form, input);
  await form.getByRole("button", { name: "Gebruiker aanmaken" }).click();
  const success = page.locator("[data-kind=success]");
  await expect(success).toContainText(input.email.toLowerCase());
  await expect(form).toBeHidden();
  return (await success.textContent()) ?? "";
}

/** The row of the users table for an e-mail address. */
export function userRow(page: Page, email: string): Locator {
  return page.locator(`tr[data-email="${email.toLowerCase()}"]`);
}
