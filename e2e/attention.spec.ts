import { e2eSql } from "./support/db";
import { expect, test } from "./support/server-console";
import { signIn } from "./support/sign-in";
import { seedUser, uniqueSuffix } from "./support/users";

const sql = e2eSql();
test.afterAll(() => sql.end());

// A login that needs a person is announced on every page of its environment, in the same
// words as on its own row. (How a refresh turns a login dead is proven in the integration
// tests against the simulator; here the state is set as the token store leaves it.)
test("a login that needs re-authorization: a banner on every page, the reason on its row, Opnieuw autoriseren for admins only", async ({
  browser,
}) => {
  const description = `Verlopen ${uniqueSuffix()}`;
  const [production] = await sql<{ id: string }[]>`select id from environments order by sort_order, name limit 1`;
  const [login] = await sql<{ id: string }[]>`
    insert into oauth_logins (environment_id, description, site, status, last_error, exact_user_name)
    values (${production.id}, ${description}, 'NL', 'needs_reauth', 'refresh_answer_lost', 'marieke.qics')
    returning id`;
  try {
    const admin = await seedUser(sql, { prefix: "attention-admin", role: "admin" });
    const viewer = await seedUser(sql, { prefix: "attention-viewer", role: "viewer" });
    for (const [user, isAdmin] of [
      [admin, true],
      [viewer, false],
    ] as const) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await signIn(page, user.email, user.password);
      for (const path of ["/", "/system/settings", "/system/oauth-logins", "/audit"]) {
        await page.goto(path);
        const banner = page.getByRole("region", { name: "Aandacht nodig" });
        await expect(banner).toContainText("vraagt aandacht");
        await expect(banner).toContainText("opnieuw autoriseren nodig");
      }
      await page.getByRole("region", { name: "Aandacht nodig" }).getByRole("link").click();
      await expect(page).toHaveURL(/\/system\/oauth-logins$/);
      const row = page.locator(`tr[data-login="${description}"]`);
      await expect(row.getByTestId("status-badge")).toHaveText("Opnieuw autoriseren nodig");
      await expect(row.getByTestId("state-reason")).toHaveText(
        "Het antwoord op een vernieuwing is verloren gegaan; autoriseer opnieuw.",
      );
      // The admin finds Opnieuw autoriseren in the row's menu; the viewer has no menu.
      const more = row.getByRole("button", { name: `Meer acties voor ${description}` });
      await expect(more).toHaveCount(isAdmin ? 1 : 0);
      if (isAdmin) {
        await more.click();
        await expect(page.getByRole("menuitem", { name: "Opnieuw autoriseren", exact: true })).toBeVisible();
      }
      await context.close();
    }
  } finally {
    await sql`delete from oauth_logins where id = ${login.id}`;
  }
});

