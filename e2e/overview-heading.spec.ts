import { e2eSql } from "./support/db";
import { expect, test } from "./support/server-console";
import { signedInPage } from "./support/sign-in";
import { seedUser, uniqueSuffix } from "./support/users";

const sql = e2eSql();
const environments: string[] = [];
test.afterAll(async () => {
  for (const id of environments) await sql`delete from environments where id = ${id}`;
  await sql.end();
});

async function environment(name: string): Promise<string> {
  const [{ id }] = await sql<{ id: string }[]>`
    insert into environments (name, sort_order, colour) values (${name}, 93, 'purple') returning id`;
  environments.push(id);
  return id;
}

test("the Overzicht heading names its environment in its colour; the filters share the row evenly", async ({
  browser,
}) => {
  const name = `Kop ${uniqueSuffix()}`;
  const id = await environment(name);
  const longLogin = `Een heel lange omschrijving van de OAuth login voor Qics Detachering, Qics Consultancy en Qics Beheer BV ${name}`;
  const [login] = await sql<{ id: string }[]>`
    insert into oauth_logins (environment_id, description, site, status, login_expires_at, consented_at)
    values (${id}, ${longLogin}, 'NL', 'active', now() + interval '60 days', now() - interval '1 day') returning id`;
  const [administration] = await sql<{ id: string }[]>`
    insert into administrations (environment_id, description, oauth_login_id)
    values (${id}, 'ADM MET EEN LANGE NAAM VOOR DE ADMINISTRATIE VAN QICS DETACHERING', ${login.id}) returning id`;
  await sql`insert into divisions (environment_id, code, name, administration_id, exact_division_code)
    values (${id}, '1', 'Qics BV', ${administration.id}, 101)`;
  const viewer = await seedUser(sql, { prefix: "overview-heading" });
  await sql`update users set environment_id = ${id} where id = ${viewer.id}`;

  const { context, page } = await signedInPage(browser, viewer.email, viewer.password);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto("/");
  const heading = page.getByRole("heading", { level: 1 });
  await expect(heading).toHaveAccessibleName(`Overzicht ${name}`);
  const tag = heading.getByTestId("environment-tag");
  await expect(tag).toHaveText(name);
  await expect(tag).toHaveAttribute("data-colour", "purple");

  // Each select as wide as the others, whatever the length of its options.
  const widths: number[] = [];
  for (const filter of ["state", "login", "admin", "site"]) {
    const box = await page.locator(`select[name=${filter}]`).boundingBox();
    widths.push(box?.width ?? 0);
  }
  expect(Math.max(...widths)).toBeLessThanOrEqual(300);
  expect(Math.max(...widths) - Math.min(...widths)).toBeLessThanOrEqual(2);
  // All on one line at this width.
  const tops = new Set<number>();
  for (const filter of ["state", "login", "admin", "site"])
    tops.add(Math.round((await page.locator(`select[name=${filter}]`).boundingBox())?.y ?? -1));
  expect(tops.size).toBe(1);
  await context.close();
});

test("an empty overview points an admin to Algemene instellingen with a link", async ({ browser }) => {
  const id = await environment(`Leeg ${uniqueSuffix()}`);
  const admin = await seedUser(sql, { prefix: "overview-empty", role: "admin" });
  await sql`update users set environment_id = ${id} where id = ${admin.id}`;
  const { context, page } = await signedInPage(browser, admin.email, admin.password);
  await page.goto("/");
  const link = page.getByRole("main").getByRole("link", { name: "Systeem › Algemene instellingen" });
  await expect(link).toBeVisible();
  await link.focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/system\/settings$/);
  await expect(page.getByRole("heading", { level: 1, name: "Algemene instellingen" })).toBeVisible();
  await context.close();
});
