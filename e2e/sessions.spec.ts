import type { Page } from "@playwright/test";
import { e2eSql } from "./support/db";
import { expect, test } from "./support/server-console";
import { signedInPage, signOut } from "./support/sign-in";
import { seedUser } from "./support/users";

// Issue 12 §2: a session ends on the server, not only in the browser that had it.

const sql = e2eSql();
test.afterAll(() => sql.end());

const overview = (page: Page) => page.getByRole("heading", { level: 1, name: "Overzicht" });

test("after signing out, a copy of the session cookie no longer opens the portal", async ({ browser }) => {
  const user = await seedUser(sql, { prefix: "session-copy" });
  const mine = await signedInPage(browser, user.email, user.password);
  await expect(overview(mine.page)).toBeVisible();

  // Someone copies the cookies into another browser: it works, as long as the session lives.
  const thief = await browser.newContext();
  await thief.addCookies(await mine.context.cookies());
  const stolen = await thief.newPage();
  await stolen.goto("/");
  await expect(overview(stolen)).toBeVisible();

  await signOut(mine.page);
  await stolen.goto("/");
  await expect(stolen).toHaveURL(/\/login/);
  expect((await thief.request.get("/api/overview/export", { maxRedirects: 0 })).status()).toBe(303);

  const [session] = await sql<{ end_reason: string | null }[]>`
    select s.end_reason from user_sessions s join users u on u.id = s.user_id where u.email = ${user.email}`;
  expect(session.end_reason).toBe("signed_out");
  const audited = await sql<{ action: string }[]>`
    select action from audit_events where entity_id = ${user.id} order by id`;
  expect(audited.map((a) => a.action)).toEqual(["user.signed_in", "user.signed_out"]);
  await mine.context.close();
  await thief.close();
});

test("changing your own password keeps this session and ends the others", async ({ browser }) => {
  const user = await seedUser(sql, { prefix: "session-password" });
  const here = await signedInPage(browser, user.email, user.password);
  const elsewhere = await signedInPage(browser, user.email, user.password);
  await expect(overview(elsewhere.page)).toBeVisible();

  const page = here.page;
  await page.goto("/account/password");
  const chosen = `${user.password}-nieuw`;
  await page.getByLabel("Huidig wachtwoord", { exact: true }).fill(user.password);
  await page.getByLabel("Nieuw wachtwoord", { exact: true }).fill(chosen);
  await page.getByLabel("Herhaal nieuw wachtwoord", { exact: true }).fill(chosen);
  await page.getByRole("button", { name: "Wachtwoord opslaan" }).click();
  // The form goes back to the portal once the password is changed.
  await expect(page).toHaveURL(/\/$/);
  await expect
    .poll(
      async () => (await sql`select 1 from user_sessions where user_id = ${user.id} and ended_at is not null`).length,
    )
    .toBe(1);

  // Here: still signed in. Elsewhere: signed out on its next request.
  await page.goto("/");
  await expect(overview(page)).toBeVisible();
  await elsewhere.page.goto("/");
  await expect(elsewhere.page).toHaveURL(/\/login/);

  const sessions = await sql<{ end_reason: string | null }[]>`
    select s.end_reason from user_sessions s where s.user_id = ${user.id} order by s.created_at`;
  expect(sessions.map((s) => s.end_reason)).toEqual([null, "password_changed"]);
  await here.context.close();
  await elsewhere.context.close();
});
