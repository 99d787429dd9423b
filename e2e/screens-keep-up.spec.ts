import type { Page } from "@playwright/test";
import { refreshTokenColumn } from "@/lib/crypto/secret-columns";
import { startTestProxy } from "../tests/support/test-proxy";
import { e2eSql } from "./support/db";
import { linkLoginThroughExact } from "./support/exact-simulator";
import { chooseRowAction } from "./support/row-menu";
import { expect, test } from "./support/server-console";
import { signedInPage, signIn } from "./support/sign-in";
import { seedUser, uniqueSuffix } from "./support/users";

// Issue 24 §1 and §2: after Testen the grid shows what is now true without a reload, every
// notice names what it is about, and a failure on the way to Exact is named as itself — to the
// admin who tested, in the words the grid then keeps.
const sql = e2eSql();
test.beforeAll(() => {
  // Seal as the portal does: the global setup shares the server's ENCRYPTION_KEY with the specs.
  process.env.ENCRYPTION_KEY = process.env.E2E_ENCRYPTION_KEY;
});
test.afterAll(() => sql.end());

async function asNewAdmin(page: Page) {
  const admin = await seedUser(sql, { prefix: "keep-up-admin", role: "admin" });
  await signIn(page, admin.email, admin.password);
  return admin;
}

const loginOf = async (description: string) =>
  (
    await sql<{ id: string; status: string; last_error: string | null; login_expires_at: Date }[]>`
      select id, status, last_error, login_expires_at from oauth_logins where description = ${description}`
  )[0];

test("a failed Testen shows the login as it now is, without a reload, and the notice names the login", async ({
  page,
}) => {
  await asNewAdmin(page);
  const description = `Vervalt ${uniqueSuffix()}`;
  await linkLoginThroughExact(page, description);
  const before = await loginOf(description);
  expect(before.status).toBe("active");
  const row = page.locator(`tr[data-login="${description}"]`);
  const validUntil = new Intl.DateTimeFormat("nl-NL", { timeZone: "Europe/Amsterdam" }).format(before.login_expires_at);
  await expect(row).toContainText(validUntil);

  // Exact no longer knows the refresh token (as after a consent withdrawn in Exact), and the
  // access token has run out: Testen must refresh, and Exact refuses.
  await sql`update oauth_logins set
      refresh_token_enc = ${refreshTokenColumn.seal(before.id, `unknown-${uniqueSuffix()}`)},
      access_token_expires_at = now() - interval '1 second'
    where id = ${before.id}`;
  await chooseRowAction(row, "Testen");

  const notice = page.locator("[data-kind=error]");
  await expect(notice).toHaveText(
    `Testen van OAuth login ${description} mislukt: Exact Online kent het token niet meer; autoriseer opnieuw.`,
  );
  // The grid keeps up, no reload: the state and its reason in the same words, and no future
  // date in Token verloopt op as if the token were still good.
  await expect(row).toContainText("Opnieuw autoriseren nodig");
  await expect(row).toContainText("Exact Online kent het token niet meer; autoriseer opnieuw.");
  await expect(row).not.toContainText("Gekoppeld");
  await expect(row).not.toContainText(validUntil);
  await expect(row).toContainText("Niet meer geldig");
  expect(await loginOf(description)).toMatchObject({ status: "needs_reauth", last_error: "refresh_token_invalid" });

  // After a reload the page says the same.
  await page.reload();
  await expect(row).toContainText("Opnieuw autoriseren nodig");
  await expect(row).toContainText("Niet meer geldig");
});

test("a proxy that refuses the tunnel is named as such to the admin who tests, and the grid keeps those words; a viewer reads only that the proxy failed", async ({
  page,
  browser,
}) => {
  await asNewAdmin(page);
  const loginDescription = `Tunnel login ${uniqueSuffix()}`;
  await linkLoginThroughExact(page, loginDescription);
  const login = await loginOf(loginDescription);
  const refusing = await startTestProxy({ refuseConnect: 404 });
  try {
    const [env] = await sql<{ id: string }[]>`select id from environments where name = 'Productie'`;
    const name = `TUNNEL ${uniqueSuffix()}`;
    await sql`insert into administrations (environment_id, description, oauth_login_id, proxy_server)
      values (${env.id}, ${name}, ${login.id}, ${refusing.server})`;
    await page.goto("/system/settings");
    const row = page.locator(`tr[data-row="${name}"]`);
    await chooseRowAction(row, "Verbinding testen");

    const reason =
      "De proxyserver weigerde de verbinding met Exact Online door te geven (antwoord 404 op CONNECT). Laat de proxy verbindingen naar Exact Online toestaan.";
    await expect(page.locator("[data-kind=error]")).toHaveText(`Verbinding testen van ${name} mislukt: ${reason}`);
    await expect(page.locator("[data-kind=error]")).not.toContainText("niet bereikbaar");
    // The grid, without a reload, in the same words.
    await expect(row).toContainText("mislukt");
    await expect(row).toContainText(reason);
    expect(refusing.connects()).toBeGreaterThanOrEqual(1);
    const [stored] = await sql<
      { last_test_ok: boolean; last_test_message: string; last_test_reason: string; last_test_reason_values: unknown }[]
    >`select last_test_ok, last_test_message, last_test_reason, last_test_reason_values
      from administrations where description = ${name}`;
    expect(stored).toEqual({
      last_test_ok: false,
      last_test_message: "proxy_failed",
      last_test_reason: "proxy_refused_tunnel",
      last_test_reason_values: { status: "404" },
    });
    // The login is not blamed for its administration's proxy.
    expect((await loginOf(loginDescription)).status).toBe("active");

    // A viewer reads that the proxy failed, not what a port scan would learn.
    const viewer = await seedUser(sql, { prefix: "keep-up-viewer" });
    const { context, page: viewerPage } = await signedInPage(browser, viewer.email, viewer.password);
    await viewerPage.goto("/system/settings");
    const viewerRow = viewerPage.locator(`tr[data-row="${name}"]`);
    await expect(viewerRow).toContainText("De verbinding met Exact Online via de proxy is mislukt.");
    await expect(viewerRow).not.toContainText("CONNECT");
    await context.close();
  } finally {
    await refusing.close();
  }
});

test("a metadata address typed as the proxy, in any form, gets the metadata message, not 'gebruik host:poort'", async ({
  page,
}) => {
  await asNewAdmin(page);
  const [env] = await sql<{ id: string }[]>`select id from environments where name = 'Productie'`;
  const name = `METADATA ${uniqueSuffix()}`;
  await sql`insert into administrations (environment_id, description) values (${env.id}, ${name})`;
  await page.goto("/system/settings");
  await page.locator(`tr[data-row="${name}"]`).dblclick();
  const dialog = page.getByRole("dialog", { name: "Bron administratie" });
  for (const typed of ["169.254.169.254", "http://169.254.169.254/latest/meta-data/", "metadata.google.internal"]) {
    await dialog.getByLabel("Proxy server").fill(typed);
    await dialog.getByRole("button", { name: "Opslaan" }).click();
    await expect(dialog.locator("#proxyServer-error")).toContainText("metadata-dienst van een cloudplatform");
    await expect(dialog.locator("#proxyServer-error")).not.toContainText("host:poort");
  }
  // A plain format mistake still says how to write it.
  await dialog.getByLabel("Proxy server").fill("proxy.example.nl");
  await dialog.getByRole("button", { name: "Opslaan" }).click();
  await expect(dialog.locator("#proxyServer-error")).toContainText("host:poort");
  expect((await sql`select proxy_server from administrations where description = ${name}`)[0].proxy_server).toBeNull();
});
