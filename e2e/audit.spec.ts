import type { Locator, Page } from "@playwright/test";
import { e2eSql } from "./support/db";
import { linkLoginThroughExact } from "./support/exact-simulator";
import { chooseRowAction } from "./support/row-menu";
import { expect, test } from "./support/server-console";
import { signedInPage, signIn } from "./support/sign-in";
import { findUser, seedUser, uniqueSuffix } from "./support/users";
import { createUserThroughForm, resetPasswordThroughConfirm, takeShownPassword } from "./support/users-page";

const sql = e2eSql();
test.afterAll(() => sql.end());

const auditRows = (page: Page): Locator => page.locator("main table tbody tr");
const cell = (row: Locator, column: "at" | "who" | "action" | "record" | "detail") =>
  row.locator("td").nth(["at", "who", "action", "record", "detail"].indexOf(column));

// A select inside its label: its accessible name is the label followed by the chosen option.
const userFilter = (page: Page) => page.getByRole("combobox", { name: /^Gebruiker\b/ });
const kindFilter = (page: Page) => page.getByRole("combobox", { name: /^Soort record\b/ });

/** The "(N gebeurtenissen)" total the page reports. */
async function reportedTotal(page: Page): Promise<number> {
  const text = await page.getByText(/^Pagina \d+ van \d+ \(\d+ gebeurtenissen\)$/).textContent();
  return Number(text?.match(/\((\d+) gebeurtenissen\)/)?.[1]);
}

async function dbCount(filter: { actor?: string; kind?: string }): Promise<number> {
  const [{ n }] = await sql<{ n: number }[]>`
    select count(*)::int as n from audit_events
    where (${filter.actor ?? null}::uuid is null or actor_user_id = ${filter.actor ?? null}::uuid)
      and (${filter.kind ?? null}::text is null or entity_type = ${filter.kind ?? null}::text)`;
  return n;
}

test("changes made on the Users page appear in the audit log, and no password or hash ever does", async ({ page }) => {
  test.slow(); // several argon2 sign-ins and browser contexts
  const auditor = await seedUser(sql, { prefix: "audit-admin", role: "admin" });
  await signIn(page, auditor.email, auditor.password);
  const suffix = uniqueSuffix();
  const chosen = {
    name: `Gekozen ${suffix}`,
    email: `audit-chosen-${suffix}@example.test`,
    password: `geheim-${suffix}-x`,
  };
  const generated = { name: `Gegenereerd ${suffix}`, email: `audit-generated-${suffix}@example.test` };

  await createUserThroughForm(page, chosen);
  await createUserThroughForm(page, { ...generated, password: "" });
  const generatedPassword = await takeShownPassword(page, generated.name);
  expect(generatedPassword).toHaveLength(20);
  const resetPassword = await resetPasswordThroughConfirm(page, chosen);
  expect(resetPassword).toHaveLength(20);

  await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
  const created = auditRows(page).filter({ hasText: "Gebruiker aangemaakt" }).filter({ hasText: chosen.email });
  await expect(created).toHaveCount(1);
  await expect(cell(created, "who")).toHaveText(auditor.email);
  await expect(cell(created, "record")).toHaveText(`Gebruiker ${chosen.name} (${chosen.email})`);
  await expect(cell(created, "detail")).toHaveText("Rol: Teamleider");
  await expect(
    auditRows(page).filter({ hasText: "Gebruiker aangemaakt" }).filter({ hasText: generated.email }),
  ).toHaveCount(1);
  const reset = auditRows(page).filter({ hasText: "Wachtwoord opnieuw ingesteld" }).filter({ hasText: chosen.email });
  await expect(reset).toHaveCount(1);
  // Newest first.
  await expect(cell(auditRows(page).first(), "action")).toHaveText("Wachtwoord opnieuw ingesteld");

  // Nothing secret anywhere in the page, the React payload included.
  const html = await page.content();
  const hashes = await sql<{ password_hash: string }[]>`select password_hash from users`;
  for (const secret of [chosen.password, generatedPassword, resetPassword, ...hashes.map((h) => h.password_hash)]) {
    expect(html).not.toContain(secret);
  }
  expect(html).not.toContain("$argon2");
  expect(html).not.toMatch(/password_?hash/i);
  const [{ leaked }] = await sql<{ leaked: number }[]>`
    select count(*)::int as leaked from audit_events where detail::text ~* '(password|hash|secret|token)"\\s*:'`;
  expect(leaked).toBe(0);
});

test("the audit log filters on user and kind of record, on the server, from the URL", async ({ page }) => {
  test.slow(); // several argon2 sign-ins and browser contexts
  const auditor = await seedUser(sql, { prefix: "audit-filter", role: "admin" });
  await signIn(page, auditor.email, auditor.password);
  const email = `audit-filtered-${uniqueSuffix()}@example.test`;
  await createUserThroughForm(page, { name: `Gefilterd ${uniqueSuffix()}`, email, password: "" });

  await page.goto("/audit");
  const unfiltered = await reportedTotal(page);
  expect(unfiltered).toBe(await dbCount({}));
  expect(unfiltered).toBeGreaterThan(1);

  // On user, by choosing in the form.
  await userFilter(page).selectOption({ label: `${auditor.name} (${auditor.email})` });
  await page.getByRole("button", { name: "Filteren" }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]user=${auditor.id}(&|$)`));
  // Newest first: the user they created, then their own sign-in.
  await expect(auditRows(page)).toHaveCount(2);
  await expect(cell(auditRows(page).first(), "who")).toHaveText(auditor.email);
  await expect(cell(auditRows(page).first(), "action")).toHaveText("Gebruiker aangemaakt");
  await expect(cell(auditRows(page).first(), "record")).toContainText(email);
  await expect(cell(auditRows(page).nth(1), "action")).toHaveText("Aangemeld");
  expect(await reportedTotal(page)).toBe(await dbCount({ actor: auditor.id }));
  expect(await reportedTotal(page)).toBe(2);

  // On kind of record.
  await userFilter(page).selectOption({ label: "Alle gebruikers" });
  await kindFilter(page).selectOption({ label: "Omgeving" });
  await page.getByRole("button", { name: "Filteren" }).click();
  await expect(page).toHaveURL(/[?&]kind=environment(&|$)/);
  const environmentEvents = await dbCount({ kind: "environment" });
  expect(environmentEvents).toBeGreaterThanOrEqual(2); // Productie and Test, created at start-up
  // The table is replaced once the server answers (sign-ins fill a page of 25 either way).
  await expect(auditRows(page).filter({ hasNotText: "Omgeving" })).toHaveCount(0);
  await expect(auditRows(page)).toHaveCount(Math.min(environmentEvents, 25));
  for (const record of await auditRows(page).locator("td:nth-child(4)").allTextContents()) {
    expect(record).toMatch(/^Omgeving /);
  }
  await expect(auditRows(page).filter({ hasText: "Gebruiker aangemaakt" })).toHaveCount(0);
  expect(await reportedTotal(page)).toBe(environmentEvents);

  // Filtered on the server: the HTML itself holds only the matching events.
  const served = await (await page.request.get("/audit?kind=environment")).text();
  const servedRows = served.match(/<tbody>(.*?)<\/tbody>/s)?.[1] ?? "";
  expect(servedRows).toContain("Omgeving aangemaakt");
  expect(servedRows).not.toContain("Gebruiker aangemaakt");
  expect(servedRows).not.toContain(email);
  // Codes never reach the page.
  expect(served).not.toContain("user.created");
  expect(served).not.toContain("environment.created");

  // Both together: nothing this admin did is about an environment.
  await page.goto(`/audit?user=${auditor.id}&kind=environment`);
  await expect(page.getByText("Geen gebeurtenissen gevonden.")).toBeVisible();
  await expect(auditRows(page)).toHaveCount(0);
  await expect(userFilter(page)).toHaveValue(auditor.id);
  await expect(kindFilter(page)).toHaveValue("environment");

  // Parameters that do not parse are ignored, not obeyed; "Wissen" clears the filter.
  await page.goto("/audit?kind=passwords&user=not-a-uuid");
  expect(await reportedTotal(page)).toBe(await dbCount({}));
  await page.goto(`/audit?user=${auditor.id}`);
  await page.getByRole("link", { name: "Wissen" }).click();
  await expect(page).toHaveURL(/\/audit$/);
  expect(await reportedTotal(page)).toBe(await dbCount({}));
});

test("the audit log says what happened in words: actions, records by name (also once deleted), field: old → new; never a code or an id", async ({
  page,
}) => {
  test.slow(); // Exact's consent round-trip and several dialogs
  const admin = await seedUser(sql, { prefix: "audit-words", role: "admin" });
  await signIn(page, admin.email, admin.password);
  const suffix = uniqueSuffix();
  const login = `Woorden ${suffix}`;
  const renamed = `Woorden hernoemd ${suffix}`;
  const administration = `WOORDEN ${suffix}`;

  // An OAuth login, through Exact's consent, then renamed.
  await linkLoginThroughExact(page, login);
  const loginDialog = page.getByRole("dialog", { name: "OAuth login" });
  const loginRow = page.locator(`tr[data-login="${login}"]`);
  await loginRow.getByRole("button", { name: "Bewerken" }).click();
  await loginDialog.getByLabel("Omschrijving").fill(renamed);
  await loginDialog.getByRole("button", { name: "Opslaan" }).click();
  await expect(page.locator(`tr[data-login="${renamed}"]`)).toBeVisible();

  // An administration given that login and a proxy, then only a new proxy password.
  const [env] = await sql<{ id: string }[]>`select id from environments where name = 'Productie'`;
  await sql`insert into administrations (environment_id, description) values (${env.id}, ${administration})`;
  await page.goto("/system/settings");
  await page.getByRole("tab", { name: "Divisies & administraties" }).click();
  const row = page.locator(`tr[data-row="${administration}"]`);
  await row.dblclick();
  const dialog = page.getByRole("dialog", { name: "Bron administratie" });
  const option = dialog.getByLabel("OAuth login").locator("option", { hasText: renamed });
  await dialog.getByLabel("OAuth login").selectOption((await option.getAttribute("value")) as string);
  await dialog.getByLabel("Proxy server").fill("proxy.example.test:3128");
  await dialog.getByLabel("Proxy gebruikersnaam").fill("jan");
  await dialog.getByLabel("Proxy wachtwoord").fill(`geheim-${suffix}`);
  await dialog.getByRole("button", { name: "Opslaan" }).click();
  await expect(page.locator("[data-kind=success]")).toContainText(`Administratie ${administration} is opgeslagen.`);
  // Closed first: a double-click while it closes lands on the dialog, not the row.
  await expect(dialog).toBeHidden();
  await row.dblclick();
  await dialog.getByRole("button", { name: "Wijzigen" }).click();
  await dialog.getByLabel("Proxy wachtwoord").fill(`nieuw-geheim-${suffix}`);
  await dialog.getByRole("button", { name: "Opslaan" }).click();
  await expect(dialog).toBeHidden();

  // Both deleted: the log still names them.
  await chooseRowAction(row, "Verwijderen");
  await page
    .getByRole("dialog", { name: "Administratie verwijderen" })
    .getByRole("button", { name: "Verwijderen" })
    .click();
  await expect(row).toHaveCount(0);
  await page.goto("/system/oauth-logins");
  await chooseRowAction(page.locator(`tr[data-login="${renamed}"]`), "Verwijderen");
  await page
    .getByRole("dialog", { name: "OAuth login verwijderen" })
    .getByRole("button", { name: "Verwijderen" })
    .click();
  await expect(page.locator(`tr[data-login="${renamed}"]`)).toHaveCount(0);

  await page.goto(`/audit?user=${admin.id}`);
  const inWords = async (n: number) => ({
    action: await cell(auditRows(page).nth(n), "action").textContent(),
    record: await cell(auditRows(page).nth(n), "record").textContent(),
    details: await cell(auditRows(page).nth(n), "detail").getByRole("listitem").allTextContents(),
  });
  // Seven changes, and before them the admin's own sign-in.
  await expect(auditRows(page)).toHaveCount(8);
  await expect(cell(auditRows(page).nth(7), "action")).toHaveText("Aangemeld");
  const gone = `OAuth login ${renamed} (verwijderd)`;
  expect(await Promise.all([0, 1, 2, 3, 4, 5, 6].map(inWords))).toEqual([
    { action: "OAuth login verwijderd", record: gone, details: ["Exact-site: https://start.exactonline.nl/"] },
    { action: "Administratie verwijderd", record: `Administratie ${administration} (verwijderd)`, details: [] },
    { action: "Proxywachtwoord gewijzigd", record: `Administratie ${administration} (verwijderd)`, details: [] },
    {
      action: "Administratie gewijzigd",
      record: `Administratie ${administration} (verwijderd)`,
      details: [
        `OAuth login: (leeg) → ${renamed} (verwijderd)`,
        "Proxy server: (leeg) → proxy.example.test:3128",
        "Proxy gebruikersnaam: (leeg) → jan",
        "Proxy wachtwoord: ingesteld",
      ],
    },
    { action: "OAuth login hernoemd", record: gone, details: [`Omschrijving: ${login} → ${renamed}`] },
    {
      action: "OAuth login geautoriseerd",
      record: `OAuth login ${login} (verwijderd)`,
      details: ["Exact-gebruiker: marieke.qics"],
    },
    {
      action: "OAuth login aangemaakt",
      record: `OAuth login ${login} (verwijderd)`,
      details: ["Exact-site: https://start.exactonline.nl/"],
    },
  ]);
  // Nowhere on the page a code, an id, JSON or a password.
  const table = (await page.locator("main table").textContent()) ?? "";
  expect(table).not.toMatch(/\b(oauth_login|administration|division|user|environment|notification)\.[a-z_]+/);
  expect(table).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-/i);
  expect(table).not.toMatch(/[{}]|"\w+":/);
  expect(await page.content()).not.toContain(`geheim-${suffix}`);
});

test("dates are typed and shown as 2-7-2016 in a browser set to en-US; a reversed period is said in words", async ({
  browser,
}) => {
  test.slow();
  const admin = await seedUser(sql, { prefix: "audit-dates", role: "admin" });
  // Four events of one actor, in Amsterdam time: 1 July 23:30, 2 July 10:00 and 23:30, 5 July 12:00.
  await sql`
    insert into audit_events (at, actor_user_id, actor_email, action, entity_type, entity_id, detail)
    select t::timestamptz, ${admin.id}, ${admin.email}, 'user.password_reset', 'user', ${admin.id},
           jsonb_build_object('email', ${admin.email}::text)
    from unnest(array['2016-07-01T21:30:00Z', '2016-07-02T08:00:00Z', '2016-07-02T21:30:00Z', '2016-07-05T10:00:00Z']) t`;
  const context = await browser.newContext({ locale: "en-US", timezoneId: "America/New_York" });
  const page = await context.newPage();
  await signIn(page, admin.email, admin.password);
  await page.goto(`/audit?user=${admin.id}`);
  const from = page.getByRole("textbox", { name: "Vanaf" });
  const to = page.getByRole("textbox", { name: "Tot en met" });
  const apply = page.getByRole("button", { name: "Filteren" });
  const times = () => auditRows(page).locator("td:first-child").allTextContents();
  // The four, and today's sign-in.
  await expect(auditRows(page)).toHaveCount(5);
  // A text field, not the browser's date picker (which would write 07/02/2016 here).
  await expect(from).toHaveAttribute("type", "text");
  await expect(from).toHaveAttribute("placeholder", "d-m-jjjj");

  await from.fill("2-7-2016");
  await to.fill("2-7-2016");
  await apply.click();
  await expect(page).toHaveURL(/[?&]from=2016-07-02(&|$)/);
  await expect(page).toHaveURL(/[?&]to=2016-07-02(&|$)/);
  await expect(auditRows(page)).toHaveCount(2);
  expect(await times()).toEqual(["2-7-2016 23:30", "2-7-2016 10:00"]);
  await expect(from).toHaveValue("2-7-2016");
  await expect(to).toHaveValue("2-7-2016");

  // Day first, whatever separator: 1/7/2016 is the first of July, not January 7th.
  await from.fill("1/7/2016");
  await to.fill("05.07.2016");
  await apply.click();
  await expect(page).toHaveURL(/[?&]from=2016-07-01&.*to=2016-07-05|[?&]to=2016-07-05&.*from=2016-07-01/);
  await expect(auditRows(page)).toHaveCount(4);
  await expect(from).toHaveValue("1-7-2016");
  await expect(to).toHaveValue("5-7-2016");
  expect(await times()).toEqual(["5-7-2016 12:00", "2-7-2016 23:30", "2-7-2016 10:00", "1-7-2016 23:30"]);

  // A reversed period is refused in words on the field; nothing is searched, the URL stays.
  const url = page.url();
  await from.fill("5-7-2016");
  await to.fill("2-7-2016");
  await apply.click();
  await expect(page.locator("#audit-to-error")).toHaveText("Deze datum ligt vóór ‘Vanaf’: draai de datums om.");
  await expect(to).toHaveAttribute("aria-invalid", "true");
  expect(page.url()).toBe(url);
  await expect(auditRows(page)).toHaveCount(4);

  // A day that does not exist, likewise.
  await from.fill("31-2-2016");
  await to.fill("");
  await apply.click();
  await expect(page.locator("#audit-from-error")).toHaveText("Geef een datum als 2-7-2016 (dag-maand-jaar).");
  expect(page.url()).toBe(url);

  // A reversed period in a link: said instead of "no events".
  await page.goto(`/audit?user=${admin.id}&from=2016-07-05&to=2016-07-02`);
  await expect(
    page.getByText("Niet gezocht: ‘Vanaf’ (5-7-2016) ligt na ‘Tot en met’ (2-7-2016). Draai de datums om."),
  ).toBeVisible();
  await expect(page.getByText("Geen gebeurtenissen gevonden.")).toHaveCount(0);
  await expect(auditRows(page)).toHaveCount(0);
  await expect(from).toHaveValue("5-7-2016");
  await expect(to).toHaveValue("2-7-2016");
  await expect(page.locator("#audit-to-error")).toHaveText("Deze datum ligt vóór ‘Vanaf’: draai de datums om.");

  // Put right, the same form searches again.
  await from.fill("2-7-2016");
  await to.fill("5-7-2016");
  await apply.click();
  await expect(auditRows(page)).toHaveCount(3);
  await expect(page.locator("#audit-to-error")).toHaveCount(0);
  await context.close();
});

test("the Dutch audit log says a password change and a blocked user's refused sign-in in Dutch, as what they were", async ({
  page,
  browser,
}) => {
  test.slow(); // several argon2 sign-ins and browser contexts
  const auditor = await seedUser(sql, { prefix: "audit-words", role: "admin" });
  const changer = await seedUser(sql, { prefix: "audit-changer" });
  const blocked = await seedUser(sql, { prefix: "audit-blocked" });
  await sql`update users set disabled = true where id = ${blocked.id}`;

  // The changer changes their own password (no other session of theirs: 0 ended).
  const changing = await signedInPage(browser, changer.email, changer.password);
  await changing.page.goto("/account/password");
  const chosen = `nieuw-${uniqueSuffix()}-lang-genoeg`;
  await changing.page.getByLabel("Huidig wachtwoord", { exact: true }).fill(changer.password);
  await changing.page.getByLabel("Nieuw wachtwoord", { exact: true }).fill(chosen);
  await changing.page.getByLabel("Herhaal nieuw wachtwoord", { exact: true }).fill(chosen);
  await changing.page.getByRole("button", { name: "Wachtwoord opslaan" }).click();
  await expect(changing.page).toHaveURL((url) => url.pathname === "/");
  await changing.context.close();

  // The blocked user signs in with the right password: refused, and told so.
  const anonymous = await (await browser.newContext()).newPage();
  await anonymous.goto("/login");
  await anonymous.locator("#email").fill(blocked.email);
  await anonymous.locator("#password").fill(blocked.password);
  await anonymous.locator("form button[type=submit]").click();
  await expect(anonymous.locator("[data-kind=error]")).toBeVisible();
  await anonymous.context().close();
  // Still blocked: the refused sign-in changed nothing.
  expect((await findUser(sql, blocked.email))?.disabled).toBe(true);
  const [stored] = await sql<{ detail: Record<string, unknown> }[]>`
    select detail from audit_events where entity_id = ${blocked.id} and action = 'user.sign_in_failed'`;
  expect(stored.detail).toMatchObject({ disabled: true });

  await signIn(page, auditor.email, auditor.password);
  await page.goto("/audit");
  const changed = auditRows(page).filter({ hasText: "Eigen wachtwoord gewijzigd" }).filter({ hasText: changer.email });
  await expect(changed).toHaveCount(1);
  await expect(cell(changed, "detail")).toHaveText("Andere sessies beëindigd: 0");
  const refused = auditRows(page).filter({ hasText: "Aanmelden mislukt" }).filter({ hasText: blocked.email });
  await expect(refused).toHaveCount(1);
  await expect(cell(refused, "detail")).toContainText("Aanmelding geweigerd: deze gebruiker is geblokkeerd");
  await expect(cell(refused, "detail")).not.toContainText("→");
  await expect(cell(refused, "detail")).not.toContainText("Status");
  // No English word in any detail of the Dutch log (the humanized code of a field without words).
  await expect(page.locator("main table")).not.toContainText(/Other sessions|sessions ended/);
});
