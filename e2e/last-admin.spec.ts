import { E2E_ADMIN } from "./support/constants";
import { e2eSql } from "./support/db";
import { expect, test } from "./support/server-console";
import { signIn } from "./support/sign-in";
import { findUser, seedUser } from "./support/users";
import { chooseRole, setBlocked, userRow } from "./support/users-page";

const sql = e2eSql();
test.afterAll(() => sql.end());

const LAST_ADMIN = "Dit is de laatste actieve beheerder: die kan niet worden geblokkeerd of teamleider worden.";

test("an admin who is not the last can be made viewer and be blocked", async ({ page }) => {
  const second = await seedUser(sql, { prefix: "second-admin", role: "admin" });
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto("/users");
  const row = userRow(page, second.email);

  await chooseRole(page, second, "Teamleider");
  await expect(page.locator("[data-kind=success]")).toHaveText(`${second.name} is nu Teamleider.`);
  await expect.poll(async () => (await findUser(sql, second.email))?.role).toBe("viewer");

  await setBlocked(page, second, true);
  await expect(row).toContainText("Geblokkeerd");
  expect(await findUser(sql, second.email)).toMatchObject({ role: "viewer", disabled: true });
});

test("the last active admin can neither be made viewer nor be blocked", async ({ page }) => {
  // Every other admin is blocked for the length of this test, so the seeded admin is the last.
  const others = await sql<{ id: string }[]>`
    update users set disabled = true
    where role = 'admin' and not disabled and lower(email) <> lower(${E2E_ADMIN.email})
    returning id`;
  try {
    const before = await findUser(sql, E2E_ADMIN.email);
    expect(before).toMatchObject({ role: "admin", disabled: false });
    await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
    await page.goto("/users");
    const row = userRow(page, E2E_ADMIN.email);
    const role = row.getByLabel(`Rol van ${E2E_ADMIN.name}`);

    await chooseRole(page, E2E_ADMIN, "Teamleider");
    await expect(page.locator("[data-kind=error]")).toHaveText(
      `${E2E_ADMIN.name}: er is niets gewijzigd. ${LAST_ADMIN}`,
    );
    // The select does not pretend the change happened.
    await expect(role).toHaveValue("admin");
    expect(await findUser(sql, E2E_ADMIN.email)).toMatchObject({ role: "admin", disabled: false });

    // Blocking oneself is not offered at all (the server refuses it too: user-access.test.ts),
    // neither in the row's Acties nor in its right-click menu.
    await expect(row.getByRole("button", { name: /Blokkeren/ })).toHaveCount(0);
    await row.click({ button: "right" });
    await expect(page.getByRole("menu", { name: `Acties voor ${E2E_ADMIN.name}` })).toBeVisible();
    await expect(page.getByRole("menuitem", { name: "Blokkeren" })).toHaveCount(0);
    await page.keyboard.press("Escape");
    expect(await findUser(sql, E2E_ADMIN.email)).toMatchObject({ role: "admin", disabled: false });

    // Still an admin, as the page shows after a reload.
    await page.reload();
    await expect(role).toHaveValue("admin");
    await expect(row).toContainText("Actief");
    await expect(
      page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Gebruikers" }),
    ).toBeVisible();
    const [{ n }] = await sql<{ n: number }[]>`
      select count(*)::int as n from audit_events
      where entity_id = ${before?.id ?? ""} and action in ('user.role_changed', 'user.disabled')`;
    expect(n).toBe(0);
  } finally {
    // Never leave the seeded admin demoted or blocked, whatever happened above.
    await sql`update users set role = 'admin', disabled = false where lower(email) = lower(${E2E_ADMIN.email})`;
    if (others.length) await sql`update users set disabled = false where id in ${sql(others.map((o) => o.id))}`;
  }
});
