import { expect, type Locator, type Page } from "@playwright/test";

/** The "Nieuwe gebruiker" dialog on /users, opened with its button (like every other Nieuw). */
export async function openCreateUserForm(page: Page): Promise<Locator> {
  if (new URL(page.url()).pathname !== "/users") await page.goto("/users");
  await page.getByRole("button", { name: "Nieuwe gebruiker" }).click();
  const form = page.getByRole("dialog", { name: "Nieuwe gebruiker" });
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

/**
 * Creates a user through the Users page and returns the success message's text. A generated
 * password is shown in its own dialog, left open: read it with `takeShownPassword`.
 */
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

/** The dialog that shows a generated password once: its password, then Sluiten. */
export async function takeShownPassword(page: Page, name: string): Promise<string> {
  const dialog = page.getByRole("dialog", { name: `Wachtwoord voor ${name}` });
  await expect(dialog).toBeVisible();
  const password = await dialog.getByLabel("Wachtwoord", { exact: true }).inputValue();
  await dialog.getByRole("button", { name: "Sluiten" }).click();
  await expect(dialog).toBeHidden();
  return password;
}

/** Answers the confirmation a change to a user asks (dialog `title`) with its `button`. */
export async function confirmUserChange(page: Page, title: string, button: string): Promise<void> {
  const dialog = page.getByRole("dialog", { name: title });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: button, exact: true }).click();
  await expect(dialog).toBeHidden();
}

/** Blocks or unblocks a user from their row, confirming it, and waits for the notice. */
export async function setBlocked(page: Page, user: { email: string; name: string }, blocked: boolean): Promise<void> {
  const button = blocked ? "Blokkeren" : "Deblokkeren";
  await userRow(page, user.email)
    .getByRole("button", { name: `${button} ${user.name}`, exact: true })
    .click();
  await confirmUserChange(page, blocked ? "Gebruiker blokkeren" : "Gebruiker deblokkeren", button);
  await expect(page.locator("[data-kind=success]")).toHaveText(
    `${user.name} is ${blocked ? "geblokkeerd" : "gedeblokkeerd"}.`,
  );
}

/** Chooses another role in a user's row and confirms it. */
export async function chooseRole(
  page: Page,
  user: { email: string; name: string },
  role: "Beheerder" | "Teamleider",
): Promise<void> {
  await userRow(page, user.email).getByLabel(`Rol van ${user.name}`).selectOption({ label: role });
  await confirmUserChange(page, "Rol wijzigen", "Rol wijzigen");
}

/**
 * Wachtwoord opnieuw instellen from a user's row: it asks first, and Wachtwoord opnieuw
 * instellen in the dialog does it. Returns the new password (shown once, then closed).
 */
export async function resetPasswordThroughConfirm(page: Page, user: { email: string; name: string }): Promise<string> {
  await userRow(page, user.email).getByRole("button", { name: "Wachtwoord opnieuw instellen" }).click();
  await confirmUserChange(page, "Wachtwoord opnieuw instellen", "Wachtwoord opnieuw instellen");
  return takeShownPassword(page, user.name);
}
