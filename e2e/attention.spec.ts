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
      // (The banner may also count another spec's broken administration: its own link.)
      await page
        .getByRole("region", { name: "Aandacht nodig" })
        .getByRole("link", { name: "Naar de OAuth logins" })
        .click();
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

// An administration whose own route is broken (its last call to Exact failed: here a proxy that
// is not there, as the REST client records it) raises the banner as a login does, and its row in
// the overview stands out: a red Fout badge, the reason on one line, whole on hover, on keyboard
// focus and when opened. Once a call succeeds again, the banner is gone.
test("an administration in error: a banner on every page, a Fout badge and its reason, whole on hover and focus", async ({
  browser,
}) => {
  const suffix = uniqueSuffix();
  const environmentName = `Aandacht ${suffix}`;
  const [environment] = await sql<{ id: string }[]>`
    insert into environments (name, sort_order) values (${environmentName}, 92) returning id`;
  try {
    const [login] = await sql<{ id: string }[]>`
      insert into oauth_logins (environment_id, description, site, status, login_expires_at, consented_at)
      values (${environment.id}, 'Login gezond', 'NL', 'active', now() + interval '60 days', now() - interval '2 days')
      returning id`;
    const [administration] = await sql<{ id: string }[]>`
      insert into administrations (environment_id, description, oauth_login_id, last_call_at, last_call_ok, last_call_error)
      values (${environment.id}, 'ADM ACHTER PROXY', ${login.id}, now() - interval '1 hour', false, 'proxy_unreachable')
      returning id`;
    await sql`
      insert into divisions (environment_id, code, name, administration_id, exact_division_code, exact_division_description)
      values (${environment.id}, '1', 'Qics BV', ${administration.id}, 101, 'Qics BV')`;
    const viewer = await seedUser(sql, { prefix: "attention-adm", role: "viewer" });
    await sql`update users set environment_id = ${environment.id} where id = ${viewer.id}`;

    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, viewer.email, viewer.password);
    const banner = page.getByRole("region", { name: "Aandacht nodig" });
    for (const path of ["/", "/system/settings", "/system/oauth-logins", "/audit"]) {
      await page.goto(path);
      await expect(banner).toContainText(`1 administratie in ${environmentName} geeft een fout`);
      // The login itself is healthy: no count of logins that need attention.
      await expect(banner).not.toContainText("OAuth login");
    }
    await banner.getByRole("link", { name: "Naar het overzicht" }).click();
    await expect(page).toHaveURL(/\/\?state=error$/);

    const row = page.locator('tr[data-division="1"]');
    await expect(row).toHaveAttribute("data-state", "error");
    const badge = row.getByTestId("status-badge");
    await expect(badge).toHaveText("Fout");
    await expect(badge.locator("svg")).toHaveAttribute("aria-hidden", "true");
    await expect(badge).toHaveCSS("color", "rgb(255, 255, 255)");

    // The reason: one line with an ellipsis, its whole text the button's name.
    const whole =
      /^De proxyserver is niet bereikbaar\. Controleer het adres en de poort van de proxy\. \(laatste aanroep van de administratie, \d{1,2}-\d{1,2}-\d{4} \d{1,2}:\d{2}\)$/;
    const reason = row.getByTestId("state-reason");
    await expect(reason).toHaveAccessibleName(whole);
    await expect(reason).toHaveCSS("text-overflow", "ellipsis");
    await expect(reason).toHaveCSS("white-space", "nowrap");
    const oneLine = (await reason.boundingBox())?.height ?? 99;
    expect(oneLine).toBeLessThanOrEqual(20);
    const tooltip = row.getByTestId("state-reason-tooltip");
    await expect(tooltip).toHaveCount(0);

    // Hover shows the whole text…
    await reason.hover();
    await expect(tooltip).toHaveText(whole);
    await page.mouse.move(0, 0);
    await expect(tooltip).toHaveCount(0);

    // …and so does the keyboard: Tab from the last column's sort button lands on the reason.
    await page.getByRole("button", { name: "Laatste geslaagde controle" }).focus();
    await page.keyboard.press("Tab");
    await expect(reason).toBeFocused();
    await expect(tooltip).toHaveText(whole);
    await page.keyboard.press("Escape");
    await expect(tooltip).toHaveCount(0);
    // Enter opens the whole reason in the row itself.
    await page.keyboard.press("Enter");
    await expect(reason).toHaveAttribute("aria-expanded", "true");
    await expect(reason).toHaveCSS("white-space", "normal");
    expect((await reason.boundingBox())?.height ?? 0).toBeGreaterThan(oneLine);

    // A later call through the route succeeds (as the REST client records it): the banner goes.
    const [stored] = await sql<{ last_call_ok: boolean }[]>`
      select last_call_ok from administrations where id = ${administration.id}`;
    expect(stored.last_call_ok).toBe(false);
    await sql`update administrations set last_call_at = now(), last_call_ok = true, last_call_error = null
      where id = ${administration.id}`;
    await page.goto("/");
    await expect(banner).toHaveCount(0);
    await expect(row).toHaveAttribute("data-state", "active");
    await expect(row.getByTestId("status-badge")).toHaveText("Gekoppeld");
    await context.close();
  } finally {
    await sql`delete from environments where id = ${environment.id}`;
  }
});
