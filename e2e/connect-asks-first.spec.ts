import http from "node:http";
import type { AddressInfo } from "node:net";
import { E2E_BASE_URL } from "./support/constants";
import { e2eSql } from "./support/db";
import { expect, test } from "./support/server-console";
import { signedInPage } from "./support/sign-in";
import { seedUser, uniqueSuffix } from "./support/users";

// Starting a consent retires the other refresh-token chains of the same Exact user: another
// site must not be able to start one with a link or a form. A click in the portal goes
// straight to Exact; anything else asks first; a post from elsewhere is refused.

const sql = e2eSql();
let loginId: string;
let admin: { email: string; password: string };
let evil: http.Server;
let evilUrl: string;

test.beforeAll(async () => {
  admin = await seedUser(sql, { prefix: "connect-admin", role: "admin" });
  [{ id: loginId }] = await sql<{ id: string }[]>`
    insert into oauth_logins (environment_id, description, site)
    select id, ${`Vraagt eerst ${uniqueSuffix()}`}, 'NL' from environments where name = 'Productie'
    returning id`;
  // Another site (127.0.0.1 is another site than localhost): a link and a self-submitting form.
  evil = http.createServer((req, res) => {
    const target = `${E2E_BASE_URL}/api/exact/connect`;
    res.setHeader("content-type", "text/html");
    if (req.url === "/form") {
      res.end(`<form id="f" method="post" action="${target}"><input name="login" value="${loginId}"></form>
        <script>document.getElementById("f").submit()</script>`);
    } else {
      res.end(`<a id="go" href="${target}?login=${loginId}">Klik</a>`);
    }
  });
  await new Promise<void>((resolve) => evil.listen(0, "127.0.0.1", resolve));
  evilUrl = `http://127.0.0.1:${(evil.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await sql`delete from oauth_logins where id = ${loginId}`;
  await new Promise((resolve) => evil.close(resolve));
  await sql.end();
});

const states = async () =>
  (await sql<{ n: number }[]>`select count(*)::int as n from oauth_states where oauth_login_id = ${loginId}`)[0].n;

test("a link from another site asks first; a form posted from another site is refused; the question's button goes to Exact", async ({
  browser,
}) => {
  const { context, page } = await signedInPage(browser, admin.email, admin.password);
  await page.goto(`${evilUrl}/link`);
  await page.locator("#go").click();
  await expect(page).toHaveURL(new RegExp(`/system/oauth-logins/connect\\?login=${loginId}`));
  await expect(page.getByRole("heading", { level: 1, name: "Autoriseren bij Exact Online" })).toBeVisible();
  expect(await states()).toBe(0);

  // Without fetch metadata (an older browser, a script with the cookie): asks too.
  const bare = await page.request.get(`/api/exact/connect?login=${loginId}`, { maxRedirects: 0 });
  expect(bare.status()).toBe(303);
  expect(bare.headers().location).toContain("/system/oauth-logins/connect?login=");
  expect(await states()).toBe(0);

  await page.goto(`${evilUrl}/form`);
  await expect(page).toHaveURL(/\/system\/oauth-logins\?notice=connect_refused/);
  expect(await states()).toBe(0);

  // The question, answered from the portal itself: on to Exact's sign-in, one consent under way.
  await page.goto(`/system/oauth-logins/connect?login=${loginId}`);
  await page.getByRole("button", { name: "Doorgaan naar Exact Online" }).click();
  await expect(page).toHaveURL(/\/nl\/api\/oauth2\//);
  expect(await states()).toBe(1);
  await context.close();
});
