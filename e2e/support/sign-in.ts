import { type Browser, type BrowserContext, expect, type Page } from "@playwright/test";

/** Fills and submits the sign-in form without waiting for where it leads. */
export async function submitSignIn(page: Page, email: string, password: string): Promise<void> {
  if (new URL(page.url(), "http://x").pathname !== "/login") await page.goto("/login");
  await page.locator("#email").fill(email);
  await page.locator("#password").fill(password);
  await page.locator("form button[type=submit]").click();
}

/** Signs in through the form, as a person would. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/login");
  await page.locator("#email").fill(email);
  await page.locator("#password").fill(password);
  await page.locator("form button[type=submit]").click();
  await page.waitForURL((url) => url.pathname !== "/login");
}

/** A fresh browser context (its own cookies) with a page signed in as the given user. */
export async function signedInPage(
  browser: Browser,
  email: string,
  password: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email, password);
  return { context, page };
}

/**
 * The user menu in the header (a <details> menu; the keep-alive's last runs are another, once
 * the job worker has run). Its accessible name is the user's name, then "Gebruikersmenu".
 */
export function userMenu(page: Page) {
  return page.locator("header details", {
    has: page.locator("summary", { hasText: /Gebruikersmenu|User menu/ }),
  });
}

/** Opens the user menu in the header. */
export async function openUserMenu(page: Page): Promise<void> {
  const details = userMenu(page);
  const summary = details.locator("summary");
  // An attribute check, not locator.evaluate: evaluating in the page would trip the CSP (eval).
  if ((await details.getAttribute("open")) === null) await summary.click();
  await expect(details).toHaveAttribute("open", "");
}

/** Signs out through the user menu, in either language. */
export async function signOut(page: Page): Promise<void> {
  await openUserMenu(page);
  await userMenu(page)
    .getByRole("button", { name: /^(Afmelden|Sign out)$/ })
    .click();
  await page.waitForURL((url) => url.pathname === "/login");
}
