import type { Browser, Locator, Page } from "@playwright/test";
import { expectNoAxeViolations } from "./support/axe";
import { e2eSql } from "./support/db";
import { linkLoginThroughExact } from "./support/exact-simulator";
import { expect, test } from "./support/server-console";
import { signIn } from "./support/sign-in";
import { seedUser, uniqueSuffix } from "./support/users";

// Issue 13 §5: forms speak the portal's language only — no bubble from the browser beside the
// portal's own message — and the Divisie and Bron administratie dialogs say what a choice means.
const sql = e2eSql();
const cleanups: (() => Promise<void>)[] = [];
test.afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});
test.afterAll(() => sql.end());

/** A signed-in admin in a browser whose language is `locale` (the portal's stays the user's: Dutch). */
async function adminIn(browser: Browser, locale: string): Promise<Page> {
  const admin = await seedUser(sql, { prefix: "forms-admin", role: "admin" });
  const page = await (await browser.newContext({ locale })).newPage();
  await signIn(page, admin.email, admin.password);
  return page;
}

/** Nothing on the page gives the browser a rule of its own: no bubble can appear in its language. */
async function expectNoBrowserValidation(page: Page, where: string) {
  await expect(
    page.locator("form:not([novalidate]):has(input:not([type=hidden]), select, textarea)"),
    `${where}: a form the browser validates`,
  ).toHaveCount(0);
  await expect(
    page.locator("input[type=number], input[type=date], [required], [min], [max], [pattern], [minlength]"),
    `${where}: a field with a browser constraint`,
  ).toHaveCount(0);
}

/**
 * Each of `cases` typed into `field` and submitted gets the portal's message in `error`, while
 * the browser finds nothing wrong with it: no bubble of its own beside the portal's message.
 */
async function expectPortalMessagesOnly(
  field: Locator,
  submit: Locator,
  error: Locator,
  cases: (readonly [typed: string, message: string])[],
) {
  for (const [typed, message] of cases) {
    await field.fill(typed);
    await submit.click();
    await expect(error).toHaveText(message);
    await expect(field).toHaveAttribute("aria-invalid", "true");
    await expect(field.page().locator(":invalid")).toHaveCount(0);
  }
}

test("every form and dialog leaves validation to the portal: no browser constraints anywhere", async ({ browser }) => {
  const anonymous = await (await browser.newContext()).newPage();
  await anonymous.goto("/login");
  await expectNoBrowserValidation(anonymous, "sign-in");
  await anonymous.context().close();

  const page = await adminIn(browser, "nl-NL");
  const dialogs: [string, string | null][] = [
    ["/", null],
    ["/system/oauth-logins", "Nieuw"],
    ["/system/settings", "Nieuwe administratie"],
    ["/system/settings", "Nieuwe divisie"],
    ["/system/settings?tab=general", null],
    ["/users", "Nieuwe gebruiker"],
    ["/system/api-keys", "Nieuwe API-sleutel"],
    ["/audit", null],
    ["/account/password", null],
  ];
  for (const [path, button] of dialogs) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    if (button) {
      await page.getByRole("button", { name: button, exact: true }).click();
      await expect(page.locator("dialog[open], form[aria-label]").first()).toBeVisible();
    }
    await expectNoBrowserValidation(page, `${path} ${button ?? ""}`);
  }
  await page.context().close();
});

test("Algemeen: a wrong number of days gets the portal's message only, in an en-US browser too; nothing is saved", async ({
  browser,
}) => {
  const [before] = await sql<{ days: number }[]>`
    select expiry_warning_days as days from environments where name = 'Productie'`;
  for (const locale of ["nl-NL", "en-US"]) {
    const page = await adminIn(browser, locale);
    await page.goto("/system/settings?tab=general");
    await expectPortalMessagesOnly(
      page.getByLabel(/Aantal dagen vooraf/),
      page.getByRole("button", { name: "Opslaan" }),
      page.locator("#expiryWarningDays-error"),
      [
        ["40", "Kies een getal van 1 tot en met 29."],
        ["0", "Kies een getal van 1 tot en met 29."],
        ["twee", "Geef een heel getal."],
      ],
    );
    await page.context().close();
  }
  const [after] = await sql<{ days: number }[]>`
    select expiry_warning_days as days from environments where name = 'Productie'`;
  expect(after.days).toBe(before.days);
});

test("Algemeen: a form shows only what its latest submit caused — a success is gone when the next submit fails", async ({
  browser,
}) => {
  const days = async () =>
    (await sql<{ days: number }[]>`select expiry_warning_days as days from environments where name = 'Productie'`)[0]
      .days;
  const before = await days();
  const page = await adminIn(browser, "nl-NL");
  await page.goto("/system/settings?tab=general");
  const form = page.getByRole("form", { name: "Algemeen" });
  const field = form.getByLabel(/Aantal dagen vooraf/);
  const save = form.getByRole("button", { name: "Opslaan" });
  const success = form.locator("[data-kind=success]");
  // The same number saved again: a success, changing nothing other specs rely on.
  await field.fill(String(before));
  await save.click();
  await expect(success).toHaveText("De instellingen van omgeving Productie zijn opgeslagen.");

  // Stopped in the browser by the form's schema (the action never runs): the success goes.
  await field.fill("twee");
  await save.click();
  await expect(form.locator("#expiryWarningDays-error")).toHaveText("Geef een heel getal.");
  await expect(success).toHaveCount(0);
  await expect(form.locator("[data-kind]")).toHaveCount(0);
  expect(await days()).toBe(before);

  // A success again, then a submit the server refuses: again only the refusal shows.
  await field.fill(String(before));
  await save.click();
  await expect(success).toBeVisible();
  await form.getByLabel("Webhook-URL", { exact: true }).fill("http://hooks.example.nl/koppeling");
  await save.click();
  await expect(form.locator("[aria-invalid=true]").first()).toBeVisible();
  await expect(success).toHaveCount(0);
  expect(
    (await sql`select notify_webhook_url from environments where name = 'Productie'`)[0].notify_webhook_url ?? "",
  ).not.toContain("hooks.example.nl");
  await page.context().close();
});

test("Nieuwe API-sleutel: the expiry day is typed as the portal writes dates, in an en-US browser too", async ({
  browser,
}) => {
  const page = await adminIn(browser, "en-US");
  const name = `Verloopt ${uniqueSuffix()}`;
  await page.goto("/system/api-keys");
  await page.getByRole("button", { name: "Nieuwe API-sleutel" }).click();
  const dialog = page.getByRole("dialog", { name: "Nieuwe API-sleutel" });
  await dialog.getByLabel("Naam").fill(name);
  const expiry = dialog.getByLabel("Verloopt op", { exact: true });
  await expect(expiry).toHaveAttribute("placeholder", "d-m-jjjj");
  await expectPortalMessagesOnly(
    expiry,
    dialog.getByRole("button", { name: "Opslaan" }),
    dialog.locator("#expiresOn-error"),
    [
      ["31-2-2099", "Geef een datum als 2-7-2016 (dag-maand-jaar)."],
      ["2-7-2016", "Kies een dag na vandaag."],
      ["07/02/2099x", "Geef een datum als 2-7-2016 (dag-maand-jaar)."],
    ],
  );
  expect(await sql`select 1 from api_keys where name = ${name}`).toHaveLength(0);

  // Day first, whatever the browser's locale: 2-7-2099 is the second of July.
  await expiry.fill("2-7-2099");
  await dialog.getByRole("button", { name: "Opslaan" }).click();
  await page
    .getByRole("dialog", { name: `API-sleutel ${name}` })
    .getByRole("button", { name: "Sluiten" })
    .click();
  const [key] = await sql<{ day: string }[]>`
    select to_char(expires_at at time zone 'Europe/Amsterdam', 'YYYY-MM-DD HH24:MI') as day
    from api_keys where name = ${name}`;
  expect(key.day).toBe("2099-07-02 00:00");
  await expect(page.locator(`tr[data-key="${name}"]`)).toContainText("2-7-2099");
  await sql`delete from api_keys where name = ${name}`;
  await page.context().close();
});

test("Divisie: the edit view names the chosen Exact division; another administration clears it and the previous error; long names wrap and are read in full", async ({
  page,
}) => {
  test.slow(); // Exact's consent round-trip
  const admin = await seedUser(sql, { prefix: "forms-division", role: "admin" });
  await signIn(page, admin.email, admin.password);
  const login = `Divisiekeuze ${uniqueSuffix()}`;
  await linkLoginThroughExact(page, login);
  const [{ id: loginId, environment_id: environmentId }] = await sql<{ id: string; environment_id: string }[]>`
    select id, environment_id from oauth_logins where description = ${login}`;
  const reachable = `BEREIKBAAR ${uniqueSuffix()}`;
  const unreachable = `ONBEREIKBAAR ${uniqueSuffix()}`;
  const [{ id: reachableId }] = await sql<{ id: string }[]>`
    insert into administrations (environment_id, description, oauth_login_id)
    values (${environmentId}, ${reachable}, ${loginId}) returning id`;
  // A proxy on a port where nothing listens: Exact's list cannot be fetched through it.
  const [{ id: unreachableId }] = await sql<{ id: string }[]>`
    insert into administrations (environment_id, description, oauth_login_id, proxy_server)
    values (${environmentId}, ${unreachable}, ${loginId}, '127.0.0.1:9') returning id`;
  const code = `F${Date.now() % 1000000}`;
  await sql`insert into divisions (environment_id, code, name, administration_id, exact_division_code,
      exact_division_hid, exact_division_description)
    values (${environmentId}, ${code}, 'Keuze BV', ${reachableId}, 2340001, '1', 'Qics BV')`;
  // The login (Exact keeps one per Exact user and app) and what uses it go again afterwards:
  // a login made later for the same Exact user would be warned about this one.
  cleanups.push(async () => {
    await sql`delete from divisions where code = ${code}`;
    await sql`delete from administrations where id in (${reachableId}, ${unreachableId})`;
    await sql`delete from oauth_logins where id = ${loginId}`;
  });

  await page.goto("/system/settings");
  await page
    .locator(`tr[data-row="${code}"]`)
    .getByRole("button", { name: `Bewerken ${code} - Keuze BV` })
    .click();
  const dialog = page.getByRole("dialog", { name: "Divisie" });
  const chosen = dialog.getByTestId("chosen-exact-division");
  await expect(chosen).toContainText("Gekozen Exact-divisie: 1 - Qics BV (2340001).");

  // Another administration: the Exact division chosen for the first is gone.
  const administration = dialog.getByLabel("Administratie");
  await administration.selectOption({ label: unreachable });
  await expect(chosen).toHaveCount(0);
  await dialog.getByRole("button", { name: "Exact-divisies ophalen" }).click();
  const error = dialog.locator("[data-kind=error]");
  await expect(error).toContainText(/proxy/i);
  await expect(dialog.getByLabel(/Exact-divisiecode/)).toBeVisible();
  // Back to the first: its error and the typed code are gone too.
  await administration.selectOption({ label: reachable });
  await expect(error).toHaveCount(0);
  await expect(dialog.getByLabel(/Exact-divisiecode/)).toHaveCount(0);

  // Exact's list, on a narrow screen: every name whole, wrapped inside the list, not cut off.
  await page.setViewportSize({ width: 420, height: 800 });
  await dialog.getByRole("button", { name: "Exact-divisies ophalen" }).click();
  const list = dialog.getByRole("radiogroup", { name: /divisies in Exact Online/ });
  const longest = list.getByRole("radio", { name: "6 - Qics Conversie BV (geblokkeerd) (2340006) — geblokkeerd" });
  await expect(longest).toBeDisabled();
  const listBox = await list.boundingBox();
  let wrapped = 0;
  for (const label of await list.locator("label").all()) {
    const box = await label.boundingBox();
    if (!box || !listBox) throw new Error("not on screen");
    expect(box.x + box.width).toBeLessThanOrEqual(listBox.x + listBox.width + 0.5);
    if (box.height > 30) wrapped++;
  }
  expect(wrapped).toBeGreaterThan(0);
  await expectNoAxeViolations(page, "the Divisie dialog with Exact's list, on a narrow screen");
  await list.getByRole("radio", { name: "2 - Qics Holding BV (2340002)" }).check();
  await expect(chosen).toContainText("Gekozen Exact-divisie: 2 - Qics Holding BV (2340002).");

  // Switching again clears that choice; saved, the division has the new administration and no Exact division.
  await administration.selectOption({ label: unreachable });
  await expect(chosen).toHaveCount(0);
  await expect(list).toHaveCount(0);
  await dialog.getByRole("button", { name: "Opslaan" }).click();
  await expect(page.locator("[data-kind=success]")).toContainText(`Divisie ${code} - Keuze BV is opgeslagen.`);
  const [division] = await sql<{ administration_id: string; exact_division_code: number | null }[]>`
    select administration_id, exact_division_code from divisions where code = ${code}`;
  expect(division).toEqual({ administration_id: unreachableId, exact_division_code: null });
});

test("Bron administratie: saved with a login still waiting for consent, or with none, and the dialog says what that means for its divisions", async ({
  page,
}) => {
  const admin = await seedUser(sql, { prefix: "forms-pending", role: "admin" });
  await signIn(page, admin.email, admin.password);
  const pendingLogin = `Nog geen toestemming ${uniqueSuffix()}`;
  const [{ id: pendingId }] = await sql<{ id: string }[]>`
    insert into oauth_logins (environment_id, description, site, status)
    select id, ${pendingLogin}, 'NL', 'pending' from environments where name = 'Productie' returning id`;
  const stored = async (description: string) =>
    (
      await sql<{ oauth_login_id: string | null }[]>`
      select oauth_login_id from administrations where description = ${description}`
    )[0];

  await page.goto("/system/settings");
  for (const [loginLabel, expected, says] of [
    ["(geen OAuth login)", null, "Zonder OAuth login bereiken de divisies van deze administratie Exact Online niet"],
    [`${pendingLogin} (Wacht op toestemming)`, pendingId, "Deze OAuth login wacht nog op toestemming in Exact Online."],
  ] as const) {
    const description = `WACHTEND ${uniqueSuffix()}`;
    await page.getByRole("button", { name: "Nieuwe administratie" }).click();
    const dialog = page.getByRole("dialog", { name: "Bron administratie" });
    await dialog.getByLabel("Omschrijving").fill(description);
    const select = dialog.getByLabel("OAuth login");
    await select.selectOption({ label: loginLabel });
    // Said beside the choice, and read with it.
    await expect(select).toHaveAccessibleDescription(new RegExp(says));
    await expect(dialog).toContainText("Opslaan kan");
    await expectNoAxeViolations(page, "Bron administratie saying what its login means");
    await dialog.getByRole("button", { name: "Opslaan" }).click();
    await expect(page.locator("[data-kind=success]")).toContainText(`Administratie ${description} is opgeslagen.`);
    expect(await stored(description)).toEqual({ oauth_login_id: expected });
    await sql`delete from administrations where description = ${description}`;
  }
  await sql`delete from oauth_logins where id = ${pendingId}`;
});
