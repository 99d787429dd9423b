import { expect, type Locator, type Page, test } from "@playwright/test";
import { e2eSql } from "./support/db";
import { signIn } from "./support/sign-in";
import { seedUser, uniqueSuffix } from "./support/users";
import { createUserThroughForm, userRow } from "./support/users-page";

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
  const generatedMessage = await createUserThroughForm(page, { ...generated, password: "" });
  const generatedPassword = generatedMessage.split(": ").pop() ?? "";
  expect(generatedPassword).toHaveLength(20);
  await userRow(page, chosen.email).getByRole("button", { name: "Wachtwoord opnieuw instellen" }).click();
  const resetMessage = page.locator("[data-kind=success]");
  await expect(resetMessage).toContainText(`Wachtwoord voor ${chosen.email}`);
  const resetPassword = ((await resetMessage.textContent()) ?? "").split(": ").pop() ?? "";
  expect(resetPassword).toHaveLength(20);

  await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
  const created = auditRows(page).filter({ hasText: "user.created" }).filter({ hasText: chosen.email });
  await expect(created).toHaveCount(1);
  await expect(cell(created, "who")).toHaveText(auditor.email);
  await expect(cell(created, "record")).toHaveText("Gebruiker");
  await expect(cell(created, "detail")).toContainText(`"email":"${chosen.email}"`);
  await expect(cell(created, "detail")).toContainText(`"role":"viewer"`);
  await expect(auditRows(page).filter({ hasText: "user.created" }).filter({ hasText: generated.email })).toHaveCount(1);
  const reset = auditRows(page).filter({ hasText: "user.password_reset" }).filter({ hasText: chosen.email });
  await expect(reset).toHaveCount(1);
  // Newest first.
  await expect(cell(auditRows(page).first(), "action")).toHaveText("user.password_reset");

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
  await expect(cell(auditRows(page).first(), "action")).toHaveText("user.created");
  await expect(cell(auditRows(page).first(), "detail")).toContainText(email);
  await expect(cell(auditRows(page).nth(1), "action")).toHaveText("auth.sign_in");
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
    expect(record).toBe("Omgeving");
  }
  await expect(auditRows(page).filter({ hasText: "user.created" })).toHaveCount(0);
  expect(await reportedTotal(page)).toBe(environmentEvents);

  // Filtered on the server: the HTML itself holds only the matching events.
  const served = await (await page.request.get("/audit?kind=environment")).text();
  const servedRows = served.match(/<tbody>(.*?)<\/tbody>/s)?.[1] ?? "";
  expect(servedRows).toContain("environment.created");
  expect(servedRows).not.toContain("user.created");
  expect(servedRows).not.toContain(email);
  expect(served).not.toContain("user.created");

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
