import type { Locator, Page } from "@playwright/test";
import { expectNoAxeViolations } from "./support/axe";
import { contrast, visibleBackground } from "./support/contrast";
import { e2eSql } from "./support/db";
import { expect, test } from "./support/server-console";
import { openUserMenu, signIn, userMenu } from "./support/sign-in";
import { seedUser, uniqueSuffix } from "./support/users";

// Issue 24 §6 and §7, at both sizes (the desktop project, and the phone project at 390 × 844):
// no page is wider than the screen (a grid scrolls inside its own box), the user menu stays on
// screen, the navigation folds into a Menu on a phone, dialogs fit with Opslaan in view, and the
// focus ring stands out at 3:1 against every background it sits on.
const sql = e2eSql();
const suffix = uniqueSuffix();
// Long enough to make every grid wider than a phone.
const LOGIN = `Een heel lange omschrijving van een OAuth login ${suffix}`;
const ADMINISTRATION = `LAYOUT ${suffix}`;
const PAGES = [
  "/",
  "/system/oauth-logins",
  "/system/settings",
  "/system/settings?tab=general",
  "/system/api-keys",
  "/system/api-docs",
  "/users",
  "/audit",
  "/account/password",
];

test.beforeAll(async () => {
  const [{ id }] = await sql<{ id: string }[]>`select id from environments where name = 'Productie'`;
  await sql`insert into oauth_logins (environment_id, description, site, status, exact_user_name, login_expires_at)
    values (${id}, ${LOGIN}, 'NL', 'active', 'marieke.qics', now() + interval '30 days')`;
  await sql`insert into administrations (environment_id, description) values (${id}, ${ADMINISTRATION})`;
});
test.afterAll(async () => {
  await sql`delete from administrations where description = ${ADMINISTRATION}`;
  await sql`delete from oauth_logins where description = ${LOGIN}`;
  await sql.end();
});

const isPhone = (page: Page) => (page.viewportSize()?.width ?? 1280) < 768;

async function asAdmin(page: Page) {
  const admin = await seedUser(sql, { prefix: "layout-admin", role: "admin" });
  await signIn(page, admin.email, admin.password);
  return admin;
}

/** The document's width against the window's: the page itself never scrolls sideways. */
async function widths(page: Page) {
  return page.evaluate(() => ({ document: document.documentElement.scrollWidth, window: window.innerWidth }));
}

/** The element lies wholly inside the window. */
async function expectOnScreen(page: Page, element: Locator) {
  const box = await element.boundingBox();
  const view = page.viewportSize();
  if (!box || !view) throw new Error("not on screen at all");
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(view.width);
  expect(box.y + box.height).toBeLessThanOrEqual(view.height);
}

test("no page is wider than the screen; a wide grid scrolls in its own box; the user menu is on screen", async ({
  page,
}) => {
  await asAdmin(page);
  for (const path of PAGES) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    const { document, window } = await widths(page);
    expect(document, `${path} is ${document} px wide in a ${window} px window`).toBeLessThanOrEqual(window);
    // The account pages have no portal header.
    if (!path.startsWith("/account")) await expectOnScreen(page, userMenu(page).locator("summary"));
  }

  await page.goto("/system/oauth-logins");
  const grid = page.getByTestId("oauth-logins-grid");
  await expect(grid.locator(`tr[data-login="${LOGIN}"]`)).toBeVisible();
  const box = await grid.evaluate((g) => ({ scroll: g.scrollWidth, client: g.clientWidth }));
  if (isPhone(page)) expect(box.scroll).toBeGreaterThan(box.client);
  else expect(box.scroll).toBeLessThanOrEqual(box.client);
  // The row's Bewerken is reached by scrolling the grid, not the page.
  await grid
    .locator(`tr[data-login="${LOGIN}"]`)
    .getByRole("button", { name: `Bewerken ${LOGIN}` })
    .click();
  await expect(page.getByRole("dialog", { name: "OAuth login" })).toBeVisible();
  expect((await widths(page)).document).toBeLessThanOrEqual((await widths(page)).window);
  await page.keyboard.press("Escape");

  // The user menu opens inside the screen, with all it offers.
  await openUserMenu(page);
  await expectOnScreen(page, userMenu(page).getByRole("button", { name: "Afmelden" }));
  await expectOnScreen(page, userMenu(page).getByRole("link", { name: "Wachtwoord wijzigen" }));
  expect((await widths(page)).document).toBeLessThanOrEqual((await widths(page)).window);
});

test("dialogs fit the screen with Annuleren and Opslaan in view, also the long Divisie dialog", async ({ page }) => {
  await asAdmin(page);
  await page.goto("/system/oauth-logins");
  await page.getByRole("button", { name: "Nieuw", exact: true }).click();
  let dialog = page.getByRole("dialog", { name: "OAuth login" });
  await expect(dialog.getByLabel("Omschrijving")).toBeFocused();
  await expectOnScreen(page, dialog);
  await expectOnScreen(page, dialog.getByRole("button", { name: "Opslaan" }));
  await page.keyboard.press("Escape");

  await page.goto("/system/settings");
  for (const [button, name] of [
    ["Nieuwe administratie", "Bron administratie"],
    ["Nieuwe divisie", "Divisie"],
  ]) {
    await page.getByRole("button", { name: button, exact: true }).click();
    dialog = page.getByRole("dialog", { name });
    await expect(dialog).toBeVisible();
    await expectOnScreen(page, dialog);
    // Without scrolling: the buttons stay at the dialog's foot while its fields scroll.
    for (const label of ["Annuleren", "Opslaan"]) {
      await expectOnScreen(page, dialog.getByRole("button", { name: label, exact: true }));
    }
    await page.keyboard.press("Escape");
    await expect(dialog).toHaveCount(0);
  }
});

test("the navigation: a sidebar on a desktop; on a phone a Menu button whose panel keeps focus and gives it back", async ({
  page,
}) => {
  await asAdmin(page);
  await page.goto("/");
  const menuButton = page.getByRole("button", { name: "Menu", exact: true });
  const sidebar = page.getByRole("navigation", { name: "Hoofdmenu" });
  if (!isPhone(page)) {
    await expect(sidebar).toBeVisible();
    await expect(menuButton).toBeHidden();
    return;
  }
  await expect(sidebar).toHaveCount(0);
  await expectOnScreen(page, menuButton);
  await expect(menuButton).toHaveAttribute("aria-expanded", "false");

  // By keyboard: the skip link, then the Menu button; Enter opens the panel.
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await expect(menuButton).toBeFocused();
  await page.keyboard.press("Enter");
  const panel = page.getByRole("dialog", { name: "Hoofdmenu" });
  await expect(panel).toBeVisible();
  await expect(menuButton).toHaveAttribute("aria-expanded", "true");
  await expectOnScreen(page, panel.getByRole("link", { name: "Audit log" }));
  await expectNoAxeViolations(page, "the phone's navigation panel");
  // Focus stays inside the panel however often Tab is pressed.
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press("Tab");
    expect(await panel.evaluate((p) => p.contains(document.activeElement))).toBe(true);
  }
  await page.keyboard.press("Escape");
  await expect(panel).toBeHidden();
  await expect(menuButton).toBeFocused();
  await expect(menuButton).toHaveAttribute("aria-expanded", "false");

  // Menu sluiten closes it too; choosing a page goes there and closes it.
  await menuButton.click();
  await panel.getByRole("button", { name: "Menu sluiten" }).click();
  await expect(panel).toBeHidden();
  await expect(menuButton).toBeFocused();
  await menuButton.click();
  await panel.getByRole("link", { name: "OAuth logins" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "OAuth logins" })).toBeVisible();
  await expect(panel).toBeHidden();
  await menuButton.click();
  await expect(panel.getByRole("link", { name: "OAuth logins" })).toHaveAttribute("aria-current", "page");
  await page.keyboard.press("Escape");
});

/**
 * The focused element's ring, and the backgrounds under it (innermost first), each as sRGB
 * bytes and alpha: the browser's canvas turns whatever colour syntax it computed (lab(), oklch())
 * into sRGB.
 */
async function ringOnFocused(page: Page) {
  return page.evaluate(() => {
    const canvas = document.createElement("canvas").getContext("2d", { willReadFrequently: true });
    const srgb = (css: string) => {
      if (!canvas) throw new Error("no canvas");
      canvas.clearRect(0, 0, 1, 1);
      canvas.fillStyle = css;
      canvas.fillRect(0, 0, 1, 1);
      const [r, g, b, a] = canvas.getImageData(0, 0, 1, 1).data;
      return { r: r / 255, g: g / 255, b: b / 255, a: a / 255 };
    };
    const el = document.activeElement as HTMLElement;
    const style = getComputedStyle(el);
    const stack = [];
    // The ring is drawn outside the element: what is under it is its parents' background.
    for (let e = el.parentElement; e; e = e.parentElement) stack.push(srgb(getComputedStyle(e).backgroundColor));
    return {
      visible: el.matches(":focus-visible"),
      outline: srgb(style.outlineColor),
      style: style.outlineStyle,
      width: Number.parseFloat(style.outlineWidth),
      stack,
    };
  });
}

async function expectRingStandsOut(page: Page, where: string) {
  const ring = await ringOnFocused(page);
  expect(ring.visible, where).toBe(true);
  expect(ring.style, where).toBe("solid");
  expect(ring.width, where).toBeGreaterThanOrEqual(2);
  const ratio = contrast(ring.outline, visibleBackground(ring.stack));
  expect(ratio, `${where}: the ring is ${ratio.toFixed(2)}:1 against its background`).toBeGreaterThanOrEqual(3);
}

test("the focus ring stands out at 3:1 on the coloured header, the page and a grid's grey area, in every environment colour", async ({
  page,
}) => {
  const admin = await asAdmin(page);
  const colours = ["red", "green", "blue", "orange", "teal", "purple", "slate"];
  const [{ id, colour }] = await sql<{ id: string; colour: string }[]>`
    select id, colour from environments where name = 'Productie'`;
  try {
    for (const c of colours) {
      await sql`update environments set colour = ${c} where id = ${id}`;
      await sql`update users set environment_id = ${id} where id = ${admin.id}`;
      await page.goto("/system/oauth-logins");
      await expect(page.locator("header")).toHaveAttribute("data-environment-colour", c);
      // The header's first control after the skip link (the Menu button on a phone, the environment otherwise).
      await page.keyboard.press("Tab");
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => Boolean(document.activeElement?.closest("header")))).toBe(true);
      await expectRingStandsOut(page, `the header (${c})`);
    }
    // A row in the grid's grey area, and a button on the white page.
    await page.getByTestId("oauth-logins-grid").locator(`tr[data-login="${LOGIN}"]`).focus();
    await expectRingStandsOut(page, "a row in the grid");
    await page.getByRole("button", { name: "Nieuw", exact: true }).focus();
    await expectRingStandsOut(page, "the Nieuw button");
    // Inside the header's white user menu the ring is blue again.
    await userMenu(page).locator("summary").focus();
    await page.keyboard.press("Enter");
    await page.keyboard.press("Tab");
    expect(await userMenu(page).evaluate((d) => d.contains(document.activeElement))).toBe(true);
    await expectRingStandsOut(page, "the user menu's panel");
  } finally {
    await sql`update environments set colour = ${colour} where id = ${id}`;
  }
});
