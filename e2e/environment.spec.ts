import { expect, test } from "@playwright/test";
import { e2eSql } from "./support/db";
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
