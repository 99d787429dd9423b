import type { Page } from "@playwright/test";
import { e2eSql } from "./support/db";
import { linkLoginThroughExact, simUrl } from "./support/exact-simulator";
import { expect, test } from "./support/server-console";
import { signIn } from "./support/sign-in";
import { seedUser, uniqueSuffix } from "./support/users";

// Every call to Exact on record (issue 25, item 3), as a person sees it: the Activiteit of a
// login shows the consent, the refresh and the test just done; a team lead sees the health
// summary, never the records.

const sql = e2eSql();
// The login linked here holds the simulator's Exact user: later specs link that user afresh, and
// Exact allows one link per user and app (the portal would warn about this one).
test.afterEach(() => sql`delete from oauth_logins where description like 'Activiteit %'`);
test.afterAll(() => sql.end());

async function loginId(description: string): Promise<string> {
  const [row] = await sql<{ id: string }[]>`select id from oauth_logins where description = ${description}`;
  return row.id;
}

/** The records the page shows, as "kind · on behalf · call · result" lines. */
async function shownRecords(page: Page): Promise<string[]> {
  return page
    .getByTestId("activity-table")
    .locator("tbody tr")
    .evaluateAll((rows) =>
      rows.map((r) => {
        const cells = [...r.querySelectorAll("td")].map((c) => c.textContent?.trim() ?? "");
        return `${cells[1]} · ${cells[2]} · ${cells[3]} · ${cells[7]}`;
      }),
    );
}

test("an admin sees in a login's Activiteit the consent, the refresh and the test just done; reached by keyboard", async ({
  page,
  request,
}) => {
  const admin = await seedUser(sql, { prefix: "activity-admin", role: "admin" });
  await signIn(page, admin.email, admin.password);
  const description = `Activiteit ${uniqueSuffix()}`;
  await linkLoginThroughExact(page, description);
  const id = await loginId(description);

  // The access token at its end, in the portal's eyes and in Exact's: Testen refreshes it first.
  await sql`update oauth_logins set access_token_expires_at = now() - interval '1 minute' where id = ${id}`;
  const clock = await request.post(`${simUrl()}/_control/clock`, { data: { advanceSeconds: 601 } });
  expect(clock.ok()).toBe(true);
  const row = page.locator(`tr[data-login="${description}"]`);
  await row.focus();
  await page.keyboard.press("Shift+F10");
  await page.getByRole("menuitem", { name: "Testen" }).click();
  await expect(page.getByText(`${description} werkt`)).toBeVisible();

  // From the keyboard: the row's menu, Activiteit (before Verwijderen, and the grid's Nieuw), Enter.
  await row.focus();
  await page.keyboard.press("Shift+F10");
  await page.keyboard.press("End");
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("ArrowUp");
  await expect(page.getByRole("menuitem", { name: "Activiteit" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/system/oauth-logins/${id}/activity$`));
  await expect(page.getByRole("heading", { name: `Activiteit van ${description}` })).toBeVisible();

  // Written in batches a moment after the calls: newest first once there.
  await expect(async () => {
    await page.reload();
    expect(await shownRecords(page)).toEqual([
      "REST · Test · GET /api/v1/current/Me · Gelukt",
      "Token · Test · POST /api/oauth2/token (refresh_token) · Gelukt",
      "REST · Toestemming · GET /api/v1/current/Me · Gelukt",
      "Token · Toestemming · POST /api/oauth2/token (authorization_code) · Gelukt",
    ]);
  }).toPass({ timeout: 10_000 });
  // Dates as the portal writes them, with the time to the second.
  const today = new Intl.DateTimeFormat("nl-NL", { dateStyle: "short", timeZone: "Europe/Amsterdam" })
    .format(new Date())
    .replace(/^0/, "");
  await expect(page.getByTestId("activity-table").locator("tbody tr").first()).toContainText(
    new RegExp(`${today.split("-").map(Number).join("-")} \\d\\d:\\d\\d:\\d\\d`),
  );
  await expect(page.getByTestId("activity-calls")).toHaveText("4");

  // Filtered on Token (the filter form, from the keyboard).
  await page.getByLabel("Soort").selectOption({ label: "Token" });
  await page.getByRole("button", { name: "Filteren" }).press("Enter");
  await expect(page).toHaveURL(/kind=token/);
  expect(await shownRecords(page)).toEqual([
    "Token · Test · POST /api/oauth2/token (refresh_token) · Gelukt",
    "Token · Toestemming · POST /api/oauth2/token (authorization_code) · Gelukt",
  ]);
  await page.getByLabel("Resultaat").selectOption({ label: "Mislukt" });
  await page.getByRole("button", { name: "Filteren" }).click();
  await expect(page.getByTestId("activity-empty")).toBeVisible();

  // Nothing secret in the page: no token the portal holds for the login.
  const html = await page.content();
  expect(html).not.toMatch(/access_token|refresh_token"|Bearer /);
});

test("a team lead opening a login's Activiteit sees its health summary, not the records", async ({ page }) => {
  const [{ id: environmentId }] = await sql<{ id: string }[]>`select id from environments order by sort_order limit 1`;
  const [login] = await sql<{ id: string }[]>`
    insert into oauth_logins (environment_id, description, site, status, exact_user_name)
    values (${environmentId}, ${`Teamleider ${uniqueSuffix()}`}, 'NL', 'active', 'team.lead') returning id`;
  await sql`
    insert into exact_calls (at, oauth_login_id, kind, on_behalf, method, path, status, duration_ms, ok, error)
    values (now() - interval '1 minute', ${login.id}, 'token', 'keepalive', 'POST', '/api/oauth2/token (refresh_token)', 200, 40, true, null),
           (now(), ${login.id}, 'rest', 'keepalive', 'GET', '/api/v1/current/Me', 503, 12, false, 'exact_unavailable')`;
  const viewer = await seedUser(sql, { prefix: "activity-viewer", role: "viewer" });
  await signIn(page, viewer.email, viewer.password);
  await page.goto(`/system/oauth-logins/${login.id}/activity?kind=token&result=ok`);
  await expect(page.getByTestId("activity-summary")).toBeVisible();
  await expect(page.getByTestId("activity-calls")).toHaveText("2");
  await expect(page.getByTestId("activity-failed")).toHaveText("1");
  await expect(page.getByText("De afzonderlijke aanroepen zijn alleen voor beheerders te zien.")).toBeVisible();
  await expect(page.getByTestId("activity-table")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Filteren" })).toHaveCount(0);
  const html = await page.content();
  expect(html).not.toContain("/api/oauth2/token");
  expect(html).not.toContain("/api/v1/current/Me");
});
