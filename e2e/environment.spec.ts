import { e2eSql } from "./support/db";
import { expect, test } from "./support/server-console";
import { signedInPage, signIn, signOut } from "./support/sign-in";
import { findUser, seedUser } from "./support/users";

const sql = e2eSql();
test.afterAll(() => sql.end());

async function environmentId(name: string): Promise<string> {
  const [row] = await sql<{ id: string }[]>`select id from environments where name = ${name}`;
  if (!row) throw new Error(`no environment ${name}`);
  return row.id;
}

test("the chosen environment (Test) stays chosen after a reload and a new sign-in", async ({ page, browser }) => {
  test.slow(); // several argon2 sign-ins and browser contexts
  const user = await seedUser(sql, { prefix: "environment-viewer" });
  const testId = await environmentId("Test");
  const productionId = await environmentId("Productie");

  await signIn(page, user.email, user.password);
  const select = page.getByLabel("Omgeving");
  await expect(select.locator("option:checked")).toHaveText("Productie");
  await expect(page.getByText("Er zijn in de omgeving Productie nog geen divisies vastgelegd.")).toBeVisible();
  expect((await findUser(sql, user.email))?.environment_id).toBeNull();

  await select.selectOption({ label: "Test" });
  await expect.poll(async () => (await findUser(sql, user.email))?.environment_id).toBe(testId);
  // The page follows the choice.
  await expect(page.getByText("Er zijn in de omgeving Test nog geen divisies vastgelegd.")).toBeVisible();

  await page.reload();
  await expect(select.locator("option:checked")).toHaveText("Test");
  await expect(select).toHaveValue(testId);

  await signOut(page);
  await signIn(page, user.email, user.password);
  await expect(select.locator("option:checked")).toHaveText("Test");
  await expect(page.getByText("Er zijn in de omgeving Test nog geen divisies vastgelegd.")).toBeVisible();

  // Per user: someone else still works in Productie.
  const other = await seedUser(sql, { prefix: "environment-other" });
  const { context, page: otherPage } = await signedInPage(browser, other.email, other.password);
  await expect(otherPage.getByLabel("Omgeving").locator("option:checked")).toHaveText("Productie");
  expect((await findUser(sql, other.email))?.environment_id).toBeNull();
  await context.close();

  // And back to Productie.
  await select.selectOption({ label: "Productie" });
  await expect.poll(async () => (await findUser(sql, user.email))?.environment_id).toBe(productionId);
  await page.reload();
  await expect(select.locator("option:checked")).toHaveText("Productie");
});

test("Productie and Test cannot be confused: each has its colour on the header, and its name beside every heading and dialog title where a change is made", async ({
  page,
}) => {
  test.slow(); // argon2 sign-in, a settings save, the audit log
  const admin = await seedUser(sql, { prefix: "environment-colour", role: "admin" });
  const testId = await environmentId("Test");
  await signIn(page, admin.email, admin.password);
  const header = page.locator("header").first();
  const background = () => header.evaluate((h) => getComputedStyle(h).backgroundColor);

  // Productie: red.
  await page.goto("/system/oauth-logins");
  await expect(header).toHaveAttribute("data-environment-colour", "red");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("OAuth logins Productie");
  await page.getByRole("button", { name: "Nieuw" }).click();
  await expect(page.getByRole("dialog", { name: "OAuth login Productie" })).toBeVisible();
  await page.keyboard.press("Escape");
  const productie = await background();

  // Test: green, and another background.
  await page.getByLabel("Omgeving").selectOption({ label: "Test" });
  await expect(header).toHaveAttribute("data-environment-colour", "green");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("OAuth logins Test");
  const testColour = await background();
  expect(testColour).not.toBe(productie);

  // Test's colour chosen on tab Algemeen, saved, shown, audited in words.
  await page.goto("/system/settings");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Algemene instellingen Test");
  await page.getByRole("tab", { name: "Algemeen" }).click();
  // The swatches: from the keyboard, as a radio group (arrow keys move and choose).
  await page.getByRole("radio", { name: "Groen", exact: true }).focus();
  await expect(page.getByRole("radio", { name: "Groen", exact: true })).toBeChecked();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("radio", { name: "Blauwgroen" })).toBeChecked();
  await page.locator("label", { hasText: "Paars" }).click();
  await expect(page.getByRole("radio", { name: "Paars" })).toBeChecked();
  await page.getByRole("button", { name: "Opslaan" }).click();
  await expect(page.locator("[data-kind=success]")).toBeVisible();
  await page.reload();
  await expect(header).toHaveAttribute("data-environment-colour", "purple");
  expect(await background()).not.toBe(testColour);
  await expect(page.getByRole("radio", { name: "Paars" })).toBeChecked();
  const [row] = await sql<{ colour: string }[]>`select colour from environments where id = ${testId}`;
  expect(row.colour).toBe("purple");
  await page.goto(`/audit?user=${admin.id}&kind=environment`);
  await expect(page.locator("main table tbody tr").first()).toContainText("Kleur: Groen → Paars");

  // Back as it was, for the other specs; and back to Productie.
  await sql`update environments set colour = 'green' where id = ${testId}`;
  await sql`update users set environment_id = null where id = ${admin.id}`;
});

test("a tab left open in Productie cannot create a login after the user switched to Test in another tab", async ({
  browser,
}) => {
  test.slow();
  const admin = await seedUser(sql, { prefix: "environment-stale", role: "admin" });
  const testId = await environmentId("Test");
  const { context, page } = await signedInPage(browser, admin.email, admin.password);
  await page.goto("/system/oauth-logins");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("OAuth logins Productie");

  // Another tab of the same session switches to Test.
  const other = await context.newPage();
  await other.goto("/system/oauth-logins");
  await other.getByLabel("Omgeving").selectOption({ label: "Test" });
  await expect.poll(async () => (await findUser(sql, admin.email))?.environment_id).toBe(testId);

  // The first tab still shows Productie; what it sends is refused in words, nothing is made.
  const description = `Verouderd tabblad ${admin.id.slice(0, 8)}`;
  await page.getByRole("button", { name: "Nieuw" }).click();
  const dialog = page.getByRole("dialog", { name: "OAuth login Productie" });
  await dialog.getByLabel("Omschrijving").fill(description);
  await dialog.getByRole("button", { name: "Opslaan" }).click();
  await expect(dialog.locator("[data-kind=error]")).toHaveText(
    "Dit scherm hoort bij een andere omgeving dan waarin u nu werkt (Test): er is niets gewijzigd. Laad de pagina opnieuw en probeer het dan nog eens.",
  );
  expect(await sql`select id from oauth_logins where description = ${description}`).toHaveLength(0);
  await context.close();
});

test("a notification's link to a login in Test, opened while working in Productie, says so and switches there in one click", async ({
  page,
}) => {
  const admin = await seedUser(sql, { prefix: "environment-link", role: "admin" });
  const testId = await environmentId("Test");
  const description = `Login in Test ${admin.id.slice(0, 8)}`;
  const [login] = await sql<{ id: string }[]>`
    insert into oauth_logins (environment_id, description, site) values (${testId}, ${description}, 'NL') returning id`;
  await signIn(page, admin.email, admin.password);
  await page.goto(`/system/oauth-logins?login=${login.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("OAuth logins Productie");
  await expect(page.getByRole("status").filter({ hasText: description })).toHaveText(
    `De OAuth login ${description} hoort bij de omgeving Test; u werkt nu in Productie.Naar Test`,
  );
  await page.getByRole("button", { name: "Naar Test" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("OAuth logins Test");
  await expect(page.locator(`tr[data-login="${description}"]`)).toBeVisible();
  await expect(page.getByRole("button", { name: "Naar Test" })).toHaveCount(0);
  expect((await findUser(sql, admin.email))?.environment_id).toBe(testId);
  await sql`delete from oauth_logins where id = ${login.id}`;
});
