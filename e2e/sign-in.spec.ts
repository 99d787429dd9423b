import { E2E_ADMIN } from "./support/constants";
import { e2eSql } from "./support/db";
import { expect, test } from "./support/server-console";
import { signIn } from "./support/sign-in";
import { seedUser, uniqueSuffix } from "./support/users";

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

// A team lead shares an overview with its filters; the colleague who opens it signed out comes
// back to the same filtered overview after signing in, not to the bare one.
test("a shared overview link keeps its search and filters through sign-in", async ({ page }) => {
  const sql = e2eSql();
  const [environment] = await sql<{ id: string }[]>`
    insert into environments (name, sort_order) values (${`Gedeeld ${uniqueSuffix()}`}, 91) returning id`;
  try {
    const [login] = await sql<{ id: string }[]>`
      insert into oauth_logins (environment_id, description, site, status, login_expires_at, consented_at)
      values (${environment.id}, 'Login gedeeld', 'NL', 'active', now() + interval '60 days', now() - interval '1 day')
      returning id`;
    const [administration] = await sql<{ id: string }[]>`
      insert into administrations (environment_id, description, oauth_login_id)
      values (${environment.id}, 'ADM GEDEELD', ${login.id}) returning id`;
    await sql`
      insert into divisions (environment_id, code, name, administration_id, exact_division_code)
      values (${environment.id}, '1', 'Qics BV', ${administration.id}, 101),
             (${environment.id}, '2', 'Ander BV', ${administration.id}, 102)`;
    const viewer = await seedUser(sql, { prefix: "shared-link", role: "viewer" });
    await sql`update users set environment_id = ${environment.id} where id = ${viewer.id}`;
    const shared = "/?q=Qics&state=active&sort=administration&dir=desc";
    const raw = await page.request.get(shared, { maxRedirects: 0 });
    expect(raw.status()).toBe(307);
    expect(raw.headers().location.replace(/^https?:\/\/[^/]+/, "")).toBe(
      `/login?callbackUrl=${encodeURIComponent(shared)}`,
    );

    await page.goto(shared);
    await expect(page).toHaveURL(/\/login\?callbackUrl=/);
    await page.locator("#email").fill(viewer.email);
    await page.locator("#password").fill(viewer.password);
    await page.locator("form button[type=submit]").click();
    await page.waitForURL((url) => url.pathname !== "/login");
    const url = new URL(page.url());
    expect(url.pathname + url.search).toBe(shared);
    await expect(page.getByRole("heading", { level: 1, name: "Overzicht" })).toBeVisible();
    await expect(page.getByRole("searchbox", { name: "Zoeken" })).toHaveValue("Qics");
    await expect(page.locator("select[name=state]")).toHaveValue("active");
    await expect(page.locator("tbody tr[data-division]")).toHaveCount(1);
    await expect(page.locator('tbody tr[data-division="1"]')).toContainText("Qics BV");
    // The sign-in that carried the link is a real session of this viewer.
    const [{ count }] = await sql<{ count: string }[]>`
      select count(*) from user_sessions where user_id = ${viewer.id}`;
    expect(Number(count)).toBe(1);
  } finally {
    await sql`delete from environments where id = ${environment.id}`;
    await sql.end();
  }
});
