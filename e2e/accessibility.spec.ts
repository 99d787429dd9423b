import type { Browser, Page } from "@playwright/test";
import { expectNoAxeViolations } from "./support/axe";
import { e2eSql } from "./support/db";
import { watchMissingMessages } from "./support/missing-messages";
import { chooseRowAction, rightClickEmptySpace } from "./support/row-menu";
import { expect, test } from "./support/server-console";
import { openUserMenu, signIn } from "./support/sign-in";
import { type Role, seedUser, uniqueSuffix } from "./support/users";

// Every page, as admin and as viewer, with each dialog and the context menu open: no
// violation of WCAG 2.1 A or AA. The rows the grids and dialogs show are seeded here and
// removed afterwards.
const sql = e2eSql();
const suffix = uniqueSuffix();
const LOGIN = `Toegankelijk ${suffix}`;
const ADMINISTRATION = `TOEGANKELIJK ${suffix}`;
const PENDING_LOGIN = `Wachtend ${suffix}`;
const DIVISION = `A${suffix}`;
let environmentId = "";
let blocked: { email: string; name: string };
// Every page and dialog visited here also shows each message its client components ask for.
const missingMessages: string[] = [];
test.afterEach(() => expect(missingMessages.splice(0)).toEqual([]));

test.beforeAll(async () => {
  [{ id: environmentId }] = await sql<{ id: string }[]>`select id from environments order by sort_order, name limit 1`;
  const [login] = await sql<{ id: string }[]>`
    insert into oauth_logins (environment_id, description, site, status, exact_user_name, login_expires_at)
    values (${environmentId}, ${LOGIN}, 'NL', 'active', 'marieke.qics', now() + interval '30 days')
    returning id`;
  await sql`insert into oauth_logins (environment_id, description, site, status, last_error)
    values (${environmentId}, ${PENDING_LOGIN}, 'NL', 'pending', 'consent_denied')`;
  // A blocked user, so the users grid shows both states of its controls.
  const seeded = await seedUser(sql, { prefix: "a11y-blocked" });
  await sql`update users set disabled = true where id = ${seeded.id}`;
  blocked = seeded;
  // Its route is broken (the last call failed at the proxy): the overview shows the Fout badge
  // with a long reason, and the banner counts it.
  const [administration] = await sql<{ id: string }[]>`
    insert into administrations (environment_id, description, oauth_login_id, last_call_at, last_call_ok, last_call_error)
    values (${environmentId}, ${ADMINISTRATION}, ${login.id}, now(), false, 'proxy_unreachable') returning id`;
  // Mapped to an Exact division: an unmapped one is "not linked" whatever its route says.
  await sql`insert into divisions (environment_id, code, name, administration_id, exact_division_code)
    values (${environmentId}, ${DIVISION}, 'Toegankelijk BV', ${administration.id}, 2340001)`;
});
test.afterAll(async () => {
  await sql`delete from divisions where code = ${DIVISION}`;
  await sql`delete from administrations where description = ${ADMINISTRATION}`;
  await sql`delete from oauth_logins where description in (${LOGIN}, ${PENDING_LOGIN})`;
  await sql`delete from api_keys where name = ${`Toegankelijk ${suffix}`}`;
  await sql.end();
});

async function signedInAs(browser: Browser, role: Role): Promise<Page> {
  const user = await seedUser(sql, { prefix: `a11y-${role}`, role });
  const page = await (await browser.newContext()).newPage();
  watchMissingMessages(page, missingMessages);
  await signIn(page, user.email, user.password);
  return page;
}

/** Opens a page and waits until its heading is there. */
async function visit(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
}

async function closeDialog(page: Page): Promise<void> {
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);
}

test("the sign-in page", async ({ page }) => {
  watchMissingMessages(page, missingMessages);
  await page.goto("/login");
  await expect(page.locator("#email")).toBeVisible();
  await expectNoAxeViolations(page, "sign-in page");
  // With the form's errors shown.
  await page.locator("#email").fill("nobody@example.test");
  await page.locator("#password").fill("wrong-password");
  await page.locator("form button[type=submit]").click();
  await expect(page.locator("[data-kind=error]")).toBeVisible();
  await expectNoAxeViolations(page, "sign-in page with an error");
});

for (const role of ["admin", "viewer"] as const) {
  test.describe(`signed in as ${role}`, () => {
    let page: Page;
    test.beforeAll(async ({ browser }) => {
      page = await signedInAs(browser, role);
    });
    test.afterAll(() => page.context().close());

    test("the overview, with the user menu open", async () => {
      await visit(page, "/");
      await expectNoAxeViolations(page, "overview");
      // A broken row's reason, whole on focus, then opened in the row.
      await visit(page, `/?q=${DIVISION}`);
      const reason = page.locator(`tr[data-division="${DIVISION}"]`).getByTestId("state-reason");
      await reason.focus();
      await expect(page.getByTestId("state-reason-tooltip")).toBeVisible();
      await expectNoAxeViolations(page, "overview with a reason's whole text shown");
      await page.keyboard.press("Enter");
      await expect(reason).toHaveAttribute("aria-expanded", "true");
      await expectNoAxeViolations(page, "overview with a reason opened");
      await visit(page, "/");
      await openUserMenu(page);
      await expectNoAxeViolations(page, "overview with the user menu open");
    });

    test("OAuth logins", async () => {
      await visit(page, "/system/oauth-logins");
      await expect(page.locator(`tr[data-login="${LOGIN}"]`)).toBeVisible();
      await expectNoAxeViolations(page, "OAuth logins");
      if (role !== "admin") return;

      const row = page.locator(`tr[data-login="${LOGIN}"]`);
      await row.click({ button: "right" });
      await expect(page.getByRole("menu", { name: `Acties voor ${LOGIN}` })).toBeVisible();
      await expectNoAxeViolations(page, "OAuth logins with a row's menu open");
      await page.keyboard.press("Escape");
      await row.getByRole("button", { name: `Meer acties voor ${LOGIN}` }).click();
      await expectNoAxeViolations(page, "OAuth logins with a row's Meer open");
      await page.keyboard.press("Escape");
      await rightClickEmptySpace(page.getByTestId("oauth-logins-grid"));
      await expect(page.getByRole("menu", { name: "OAuth logins" })).toBeVisible();
      await expectNoAxeViolations(page, "OAuth logins with the context menu open");
      await page.getByRole("menuitem", { name: "Nieuw", exact: true }).click();
      await expect(page.getByRole("dialog", { name: "OAuth login" })).toBeVisible();
      await expectNoAxeViolations(page, "the Nieuw dialog");
      // With its validation messages.
      await page.getByRole("dialog").getByRole("button", { name: "Opslaan" }).click();
      await expect(page.getByRole("dialog").getByText("Verplicht veld.")).toBeVisible();
      await expectNoAxeViolations(page, "the Nieuw dialog with errors");
      await closeDialog(page);

      await row.getByRole("button", { name: "Bewerken" }).click();
      await expect(page.getByRole("dialog", { name: "OAuth login" })).toBeVisible();
      await expectNoAxeViolations(page, "the edit dialog");
      await closeDialog(page);

      await chooseRowAction(row, "Verwijderen");
      await expect(page.getByRole("dialog", { name: "OAuth login verwijderen" })).toBeVisible();
      await expectNoAxeViolations(page, "the delete confirmation");
      await closeDialog(page);
    });

    test("settings: Divisies & administraties and Algemeen", async () => {
      await visit(page, "/system/settings");
      await page.getByRole("tab", { name: "Divisies & administraties" }).click();
      await expect(page.locator(`tr[data-row="${ADMINISTRATION}"]`)).toBeVisible();
      await expectNoAxeViolations(page, "Divisies & administraties");
      if (role === "admin") {
        await page.locator(`tr[data-row="${ADMINISTRATION}"]`).dblclick();
        await expect(page.getByRole("dialog", { name: "Bron administratie" })).toBeVisible();
        await expectNoAxeViolations(page, "the Bron administratie dialog");
        await closeDialog(page);
        await page.locator(`tr[data-row="${DIVISION}"]`).getByRole("button", { name: "Bewerken" }).click();
        await expect(page.getByRole("dialog", { name: "Divisie" })).toBeVisible();
        await expectNoAxeViolations(page, "the Divisie dialog");
        await closeDialog(page);
      }

      await visit(page, "/system/settings?tab=general");
      await expect(page.getByLabel("Webhook-URL")).toBeVisible();
      await expectNoAxeViolations(page, "Algemeen");
    });

    test("users, or Geen toegang for a viewer", async () => {
      await page.goto("/users");
      if (role === "viewer") {
        await expect(page.getByRole("heading", { level: 1, name: "Geen toegang" })).toBeVisible();
        await expectNoAxeViolations(page, "Geen toegang");
        return;
      }
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expectNoAxeViolations(page, "users");
      await page.getByRole("button", { name: "Nieuwe gebruiker" }).click();
      const form = page.getByRole("dialog", { name: "Nieuwe gebruiker" });
      await expect(form).toBeVisible();
      await expectNoAxeViolations(page, "users with the create dialog");
      await form.getByRole("button", { name: "Gebruiker aanmaken" }).click();
      await expect(form.getByLabel("Naam", { exact: true })).toHaveAttribute("aria-invalid", "true");
      await expectNoAxeViolations(page, "users with the create form's errors");
      await form.getByRole("button", { name: "Annuleren" }).click();

      // The confirmations and the password shown once.
      const row = page.locator(`tr[data-email="${blocked.email}"]`);
      await row.getByLabel(`Rol van ${blocked.name}`).selectOption({ label: "Beheerder" });
      await expect(page.getByRole("dialog", { name: "Rol wijzigen" })).toBeVisible();
      await expectNoAxeViolations(page, "the role change confirmation");
      await closeDialog(page);
      await row.getByRole("button", { name: "Deblokkeren" }).click();
      await expect(page.getByRole("dialog", { name: "Gebruiker deblokkeren" })).toBeVisible();
      await expectNoAxeViolations(page, "the unblock confirmation");
      await closeDialog(page);
      await row.getByRole("button", { name: "Wachtwoord opnieuw instellen" }).click();
      const askReset = page.getByRole("dialog", { name: "Wachtwoord opnieuw instellen" });
      await expect(askReset).toBeVisible();
      await expectNoAxeViolations(page, "the password reset confirmation");
      await askReset.getByRole("button", { name: "Wachtwoord opnieuw instellen" }).click();
      await expect(page.getByRole("dialog", { name: `Wachtwoord voor ${blocked.name}` })).toBeVisible();
      await expectNoAxeViolations(page, "the password shown once");
      await closeDialog(page);
      await expect(page.locator("[data-kind=success]")).toBeVisible();
      await expectNoAxeViolations(page, "users with a notice");
    });

    test("API-sleutels with its dialogs (Geen toegang for a viewer), and API-documentatie", async () => {
      await visit(page, "/system/api-docs");
      await expectNoAxeViolations(page, "API-documentatie");
      const response = await page.goto("/system/api-keys");
      if (role === "viewer") {
        expect(response?.status()).toBe(403);
        await expectNoAxeViolations(page, "API-sleutels: Geen toegang");
        return;
      }
      await expect(page.getByRole("heading", { level: 1, name: "API-sleutels" })).toBeVisible();
      await expectNoAxeViolations(page, "API-sleutels");
      await page.getByRole("button", { name: "Nieuwe API-sleutel" }).click();
      const dialog = page.getByRole("dialog", { name: "Nieuwe API-sleutel" });
      await dialog.getByRole("button", { name: "Opslaan" }).click();
      await expect(dialog.getByText("Verplicht veld.")).toBeVisible();
      await expectNoAxeViolations(page, "the Nieuwe API-sleutel dialog with errors");
      const name = `Toegankelijk ${suffix}`;
      await dialog.getByLabel("Naam").fill(name);
      await dialog.getByRole("button", { name: "Opslaan" }).click();
      await expect(page.getByRole("dialog", { name: `API-sleutel ${name}` })).toBeVisible();
      await expectNoAxeViolations(page, "the new key, shown once");
      await page.getByRole("button", { name: "Sluiten" }).click();
      await page
        .locator(`tr[data-key="${name}"]`)
        .getByRole("button", { name: `Intrekken ${name}` })
        .click();
      await expect(page.getByRole("dialog", { name: "API-sleutel intrekken" })).toBeVisible();
      await expectNoAxeViolations(page, "the revoke confirmation");
      await closeDialog(page);
    });

    test("audit log and the own password", async () => {
      await visit(page, "/audit");
      await expectNoAxeViolations(page, "audit log");
      // With the date filter's messages, and a reversed period from a link.
      await page.getByRole("textbox", { name: "Vanaf" }).fill("31-2-2016");
      await page.getByRole("button", { name: "Filteren" }).click();
      await expect(page.locator("#audit-from-error")).toBeVisible();
      await expectNoAxeViolations(page, "audit log with a date error");
      await visit(page, "/audit?from=2016-07-05&to=2016-07-02");
      await expect(page.locator("#audit-to-error")).toBeVisible();
      await expectNoAxeViolations(page, "audit log with a reversed period");
      await visit(page, "/account/password");
      await expectNoAxeViolations(page, "change password");
    });
  });
}

test("the attention banner, for admin and viewer", async ({ browser }) => {
  // One login that needs re-authorization and one about to expire: the banner, and their badges.
  const description = `Aandacht ${uniqueSuffix()}`;
  const expiring = `Verloopt ${uniqueSuffix()}`;
  await sql`insert into oauth_logins (environment_id, description, site, status, last_error, exact_user_name)
    values (${environmentId}, ${description}, 'NL', 'needs_reauth', 'refresh_answer_lost', 'marieke.qics')`;
  await sql`insert into oauth_logins (environment_id, description, site, status, exact_user_name, login_expires_at)
    values (${environmentId}, ${expiring}, 'NL', 'active', 'marieke.qics', now() + interval '5 days')`;
  try {
    for (const role of ["admin", "viewer"] as const) {
      const page = await signedInAs(browser, role);
      for (const path of ["/", "/system/oauth-logins"]) {
        await page.goto(path);
        await expect(page.getByRole("region", { name: "Aandacht nodig" })).toBeVisible();
        await expectNoAxeViolations(page, `${path} with the attention banner, as ${role}`);
      }
      await page.context().close();
    }
  } finally {
    await sql`delete from oauth_logins where description in (${description}, ${expiring})`;
  }
});
