import type { APIResponse, Browser, Page } from "@playwright/test";
import { E2E_ADMIN } from "./support/constants";
import { e2eSql } from "./support/db";
import { type RecordedAction, recordServerAction, replayServerAction, reportsSuccess } from "./support/server-action";
import { expect, test } from "./support/server-console";
import { signedInPage } from "./support/sign-in";
import { findUser, type SeededUser, seedUser } from "./support/users";
import { chooseRole, setBlocked, userRow } from "./support/users-page";

const sql = e2eSql();
test.afterAll(() => sql.end());

const nav = (page: Page) => page.getByRole("navigation", { name: "Hoofdmenu" });

test("a viewer has no Gebruikers link and /users answers Geen toegang; an admin has both", async ({ browser }) => {
  const viewer = await seedUser(sql, { prefix: "roles-viewer" });
  const { context, page } = await signedInPage(browser, viewer.email, viewer.password);
  await expect(nav(page).getByRole("link", { name: "Overzicht" })).toBeVisible();
  await expect(nav(page).getByRole("link", { name: "Gebruikers" })).toHaveCount(0);

  const response = await page.goto("/users");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1, name: "Geen toegang" })).toBeVisible();
  await expect(page.locator("tr[data-email]")).toHaveCount(0);
  await expect(page.getByText(E2E_ADMIN.email)).toHaveCount(0);
  await context.close();

  const admin = await signedInPage(browser, E2E_ADMIN.email, E2E_ADMIN.password);
  await expect(nav(admin.page).getByRole("link", { name: "Gebruikers" })).toBeVisible();
  const adminResponse = await admin.page.goto("/users");
  expect(adminResponse?.status()).toBe(200);
  await expect(admin.page.getByRole("heading", { level: 1, name: "Gebruikers" })).toBeVisible();
  await admin.context.close();
});

/** Signs in as the admin on /users; `record` clicks one change and `undo` clicks it back. */
async function recordAdminChange(
  browser: Browser,
  record: (page: Page) => Promise<void>,
  undo: (page: Page) => Promise<void>,
  applied: () => Promise<boolean>,
): Promise<RecordedAction> {
  const { context, page } = await signedInPage(browser, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto("/users");
  const recorded = await recordServerAction(page, () => record(page));
  // The recorded request really does the change for an admin: it is worth replaying.
  expect(reportsSuccess(recorded.responseText)).toBe(true);
  await expect.poll(applied).toBe(true);
  await undo(page);
  await expect.poll(applied).toBe(false);
  await context.close();
  return recorded;
}

/** The admin's block of `target`, recorded (and undone). */
function recordAdminBlock(browser: Browser, target: SeededUser): Promise<RecordedAction> {
  return recordAdminChange(
    browser,
    async (page) => {
      await userRow(page, target.email).getByRole("button", { name: "Blokkeren" }).click();
      await page
        .getByRole("dialog", { name: "Gebruiker blokkeren" })
        .getByRole("button", { name: "Blokkeren" })
        .click();
    },
    (page) => setBlocked(page, target, false),
    async () => (await findUser(sql, target.email))?.disabled === true,
  );
}

/** Without a session the proxy sends the request to sign-in, or the action answers unauthenticated. */
async function expectRefusedWithoutSession(response: APIResponse): Promise<void> {
  const text = await response.text();
  expect(reportsSuccess(text)).toBe(false);
  if (response.status() === 200) {
    expect(text).toContain('"formError":"unauthenticated"');
  } else {
    expect(response.status()).toBe(307);
    expect(response.headers().location).toMatch(/^(http:\/\/[^/]+)?\/login\?callbackUrl=%2Fusers$/);
  }
}

/** Changes audited on the user: not their own sign-ins and sign-outs, nor refusals (audited on whoever was refused). */
async function auditCount(userId: string): Promise<number> {
  const [{ n }] = await sql<{ n: number }[]>`
    select count(*)::int as n from audit_events
    where entity_id = ${userId} and action not in ('user.signed_in', 'user.sign_in_failed', 'user.signed_out', 'user.action_refused')`;
  return n;
}

/** The refusals audited on a user: who, and the detail (permission, reason, page). */
async function refusalsOf(userId: string) {
  return sql<{ actor_email: string; detail: Record<string, unknown> }[]>`
    select actor_email, detail from audit_events where entity_id = ${userId} and action = 'user.action_refused'`;
}

test("a viewer replaying the admin's role-change action cannot make themselves admin", async ({
  browser,
  playwright,
}) => {
  test.slow(); // several argon2 sign-ins and browser contexts
  const viewer = await seedUser(sql, { prefix: "roles-escalate" });
  const roleSelect = (page: Page) => page.getByLabel(`Rol van ${viewer.name}`);
  const recorded = await recordAdminChange(
    browser,
    async (page) => {
      await roleSelect(page).selectOption("admin");
      await page.getByRole("dialog", { name: "Rol wijzigen" }).getByRole("button", { name: "Rol wijzigen" }).click();
    },
    async (page) => {
      await expect(roleSelect(page)).toBeEnabled();
      await chooseRole(page, viewer, "Teamleider");
    },
    async () => (await findUser(sql, viewer.email))?.role === "admin",
  );
  expect(recorded.headers["next-action"]).toBeTruthy();
  expect(recorded.body).toContain(viewer.id);
  const auditBefore = await auditCount(viewer.id);

  // The viewer's own session: refused, nothing changes.
  const { context, page } = await signedInPage(browser, viewer.email, viewer.password);
  await expect(page.getByRole("heading", { level: 1, name: "Overzicht" })).toBeVisible();
  const asViewer = await replayServerAction(context.request, recorded);
  const viewerText = await asViewer.text();
  expect(reportsSuccess(viewerText)).toBe(false);
  expect(viewerText).toContain('"formError":"forbidden"');
  expect((await findUser(sql, viewer.email))?.role).toBe("viewer");
  await context.close();

  // No session at all: refused, nothing changes.
  const anonymous = await playwright.request.newContext({ baseURL: new URL(recorded.url).origin });
  const asNobody = await replayServerAction(anonymous, recorded);
  await expectRefusedWithoutSession(asNobody);
  await anonymous.dispose();

  expect((await findUser(sql, viewer.email))?.role).toBe("viewer");
  expect(await auditCount(viewer.id)).toBe(auditBefore);
  // The attempt itself is audited: who, what they asked for, and from which page.
  const refusals = await refusalsOf(viewer.id);
  expect(refusals).toHaveLength(1);
  expect(refusals[0]).toMatchObject({
    actor_email: viewer.email,
    detail: { role: "viewer", permission: "users.manage", reason: "role", path: "/users" },
  });
});

test("a viewer replaying the admin's disable action cannot block another user", async ({ browser, playwright }) => {
  test.slow(); // several argon2 sign-ins and browser contexts
  const target = await seedUser(sql, { prefix: "roles-target" });
  const viewer = await seedUser(sql, { prefix: "roles-replayer" });
  const recorded = await recordAdminBlock(browser, target);
  expect(recorded.body).toContain(target.id);
  const auditBefore = await auditCount(target.id);

  const { context } = await signedInPage(browser, viewer.email, viewer.password);
  const asViewer = await replayServerAction(context.request, recorded);
  const viewerText = await asViewer.text();
  expect(reportsSuccess(viewerText)).toBe(false);
  expect(viewerText).toContain('"formError":"forbidden"');
  expect((await findUser(sql, target.email))?.disabled).toBe(false);
  await context.close();

  const anonymous = await playwright.request.newContext({ baseURL: new URL(recorded.url).origin });
  const asNobody = await replayServerAction(anonymous, recorded);
  await expectRefusedWithoutSession(asNobody);
  await anonymous.dispose();

  expect((await findUser(sql, target.email))?.disabled).toBe(false);
  expect(await auditCount(target.id)).toBe(auditBefore);
  expect(await refusalsOf(viewer.id)).toHaveLength(1);
  // The target can still sign in: the replays really did nothing.
  const still = await signedInPage(browser, target.email, target.password);
  await expect(still.page.getByRole("heading", { level: 1, name: "Overzicht" })).toBeVisible();
  await still.context.close();
});

test("an admin who must first change the password is refused every action, audited once however often they try", async ({
  browser,
}) => {
  test.slow(); // several argon2 sign-ins and browser contexts
  const target = await seedUser(sql, { prefix: "roles-forced-target" });
  const forced = await seedUser(sql, { prefix: "roles-forced-admin", role: "admin", mustChangePassword: true });
  const recorded = await recordAdminBlock(browser, target);

  // Signed in, but held at the password page: the recorded action is refused, five times over.
  const { context, page } = await signedInPage(browser, forced.email, forced.password);
  await expect(page).toHaveURL(/\/account\/password$/);
  for (let i = 0; i < 5; i++) {
    const text = await (await replayServerAction(context.request, recorded)).text();
    expect(text).toContain('"formError":"forbidden"');
  }
  await context.close();
  expect((await findUser(sql, target.email))?.disabled).toBe(false);
  const refusals = await refusalsOf(forced.id);
  expect(refusals).toHaveLength(1);
  expect(refusals[0].detail).toMatchObject({
    role: "admin",
    permission: "users.manage",
    reason: "password_change_required",
    path: "/users",
  });

  // The audit log says it in words.
  const admin = await signedInPage(browser, E2E_ADMIN.email, E2E_ADMIN.password);
  // Its refusal, and before it its sign-in.
  await admin.page.goto(`/audit?user=${forced.id}`);
  await expect(admin.page.locator("main table tbody tr")).toHaveCount(2);
  const event = admin.page.locator("main table tbody tr").first();
  await expect(event.locator("td").nth(1)).toHaveText(forced.email);
  await expect(event.locator("td").nth(2)).toHaveText("Handeling geweigerd");
  await expect(event.locator("td").nth(3)).toHaveText(`Gebruiker ${forced.name} (${forced.email})`);
  await expect(event.locator("td").nth(4).getByRole("listitem")).toHaveText([
    "Rol: Beheerder",
    "Gevraagd recht: gebruikers beheren",
    "Reden: moet eerst een eigen wachtwoord kiezen",
    "Vanaf pagina: Gebruikers (/users)",
  ]);
  await admin.context.close();
});
