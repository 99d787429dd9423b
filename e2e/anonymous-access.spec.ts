import { E2E_ADMIN, E2E_BASE_URL } from "./support/constants";
import { expect, test } from "./support/server-console";

// Every portal URL, the heading it shows once signed in, and the query the proxy must keep.
const PORTAL_PAGES = [
  { path: "/", heading: "Overzicht" },
  { path: "/?q=Qics&state=active", heading: "Overzicht" },
  { path: "/users", heading: "Gebruikers" },
  { path: "/audit", heading: "Audit log" },
  { path: "/audit?kind=user", heading: "Audit log" },
  { path: "/system/oauth-logins", heading: "OAuth logins" },
  { path: "/system/settings", heading: "Algemene instellingen" },
  { path: "/system/api-keys", heading: "API-sleutels" },
  { path: "/system/api-docs", heading: "API-documentatie" },
  { path: "/account/password", heading: "Wachtwoord wijzigen" },
];

for (const { path, heading } of PORTAL_PAGES) {
  test(`an anonymous visitor of ${path} signs in first and is then taken back there`, async ({ page, request }) => {
    // The bare overview is where sign-in lands anyway; anything else, its query included, is kept.
    const expected = path === "/" ? "/login" : `/login?callbackUrl=${encodeURIComponent(path)}`;
    // The server answers with a redirect, not with the page.
    const raw = await request.get(path, { maxRedirects: 0 });
    expect(raw.status()).toBe(307);
    expect(raw.headers().location.replace(/^https?:\/\/[^/]+/, "")).toBe(expected);

    await page.goto(path);
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe(expected);
    await expect(page.getByRole("heading", { level: 1, name: "Aanmelden" })).toBeVisible();

    await page.locator("#email").fill(E2E_ADMIN.email);
    await page.locator("#password").fill(E2E_ADMIN.password);
    await page.locator("form button[type=submit]").click();
    await page.waitForURL((url) => url.pathname !== "/login");
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe(path);
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
  });
}

for (const callbackUrl of ["https://evil.example/", "//evil.example/", "/\\evil.example/"]) {
  test(`a callbackUrl off the site (${callbackUrl}) leads to the overview, not away`, async ({ page }) => {
    await page.goto(`/login?callbackUrl=${encodeURIComponent(callbackUrl)}`);
    await page.locator("#email").fill(E2E_ADMIN.email);
    await page.locator("#password").fill(E2E_ADMIN.password);
    await page.locator("form button[type=submit]").click();
    await page.waitForURL((url) => url.pathname !== "/login");
    expect(page.url()).toBe(`${E2E_BASE_URL}/`);
    await expect(page.getByRole("heading", { level: 1, name: "Overzicht" })).toBeVisible();
  });
}
