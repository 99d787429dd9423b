import { readFileSync } from "node:fs";
import type { BrowserContext } from "@playwright/test";
import { E2E_ADMIN } from "./support/constants";
import { e2eSql } from "./support/db";
import { expect, test } from "./support/server-console";
import { signedInPage } from "./support/sign-in";

// When a page fails, the portal says so in its own language, with a title, a way back and the
// reference that the server's log line carries. The failures are real: the database refuses
// the query a page makes (as it did, on every page, for a portal started with `npm start`).

const sql = e2eSql();
test.use({
  // Provoked below, on purpose: the renamed columns' queries fail and Next logs them.
  // (the job worker's completion of a job meets the renamed column too, if one ends meanwhile).
  // (One pattern: Playwright reads a two-element array here as a value and its options. pg-boss
  // reports the worker's failure as an object, logged as "job queue error".)
  expectedServerErrors: [
    /column \S*(exact_division_hid|output)"?( of relation \\?"job\\?")? does not exist|"msg":"job queue error"/,
  ],
});
test.describe.configure({ mode: "serial" });

test.afterAll(async () => {
  await sql.end();
});

async function english(context: BrowserContext) {
  await context.addCookies([{ name: "NEXT_LOCALE", value: "en", url: "http://localhost" }]);
}

test("a page that does not exist: 404, Niet gevonden in Dutch with a title and a way back; English when chosen", async ({
  browser,
}) => {
  const { context, page } = await signedInPage(browser, E2E_ADMIN.email, E2E_ADMIN.password);
  const response = await page.goto("/deze-pagina-bestaat-niet");
  expect(response?.status()).toBe(404);
  await expect(page.locator("html")).toHaveAttribute("lang", "nl");
  await expect(page).toHaveTitle("Niet gevonden · Koppeling");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Niet gevonden");
  await page.getByRole("link", { name: "Naar het overzicht" }).click();
  await expect(page).toHaveURL((url) => url.pathname === "/");

  await english(context);
  await page.goto("/deze-pagina-bestaat-niet");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page).toHaveTitle("Not found · Koppeling");
  await context.close();
});

test("a page whose query the database refuses: the error page inside the shell, with the log's reference", async ({
  browser,
}) => {
  const { context, page } = await signedInPage(browser, E2E_ADMIN.email, E2E_ADMIN.password);
  await sql`alter table divisions rename column exact_division_hid to exact_division_hid_gone`;
  try {
    const response = await page.goto("/");
    expect(response?.status()).toBe(500);
    await expect(page.locator("html")).toHaveAttribute("lang", "nl");
    await expect(page).toHaveTitle("Er ging iets mis · Koppeling");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Er ging iets mis");
    // The shell still stands: its navigation leads elsewhere.
    await expect(page.getByRole("navigation").getByRole("link", { name: "OAuth logins" })).toBeVisible();
    const reference = (await page.locator("[data-error-page] code").textContent()) ?? "";
    expect(reference).toMatch(/^\S{4,}$/);
    // The same reference is in the server's log, beside the cause.
    await expect
      .poll(() => readFileSync(process.env.E2E_SERVER_LOG as string, "utf8"))
      .toMatch(new RegExp(`exact_division_hid[\\s\\S]*digest: '${reference}'`));
  } finally {
    await sql`alter table divisions rename column exact_division_hid_gone to exact_division_hid`;
  }
  // The database answers again: Opnieuw proberen fetches the page anew, without a reload.
  await page.getByRole("button", { name: "Opnieuw proberen" }).click();
  await expect(page.locator("[data-error-page]")).toHaveCount(0);
  await expect(page.getByRole("heading", { level: 1 })).not.toHaveText("Er ging iets mis");
  await context.close();
});

test("the shell itself failing: the error page on its own, in English when chosen", async ({ browser }) => {
  const { context, page } = await signedInPage(browser, E2E_ADMIN.email, E2E_ADMIN.password);
  await english(context);
  // The header reads the keep-alive's last runs from the job queue's table on every page.
  await sql`alter table pgboss.job rename column output to output_gone`;
  try {
    const response = await page.goto("/system/oauth-logins");
    expect(response?.status()).toBe(500);
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page).toHaveTitle("Something went wrong · Koppeling");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Something went wrong");
    await expect(page.locator("[data-error-page] code")).toHaveText(/\S{4,}/);
    await expect(page.getByRole("link", { name: "To the overview" })).toBeVisible();
  } finally {
    await sql`alter table pgboss.job rename column output_gone to output`;
  }
  await page.reload();
  await expect(page.locator("[data-error-page]")).toHaveCount(0);
  await context.close();
});
