import { readFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import { e2eSql } from "./support/db";
import { expect, test } from "./support/server-console";
import { signedInPage } from "./support/sign-in";
import { seedUser, uniqueSuffix } from "./support/users";

const sql = e2eSql();
let environmentId: string;
let viewer: { email: string; password: string };

// An environment of its own, so the other specs' divisions do not change these rows:
// 30 healthy divisions, 20 behind a broken proxy, 10 whose login needs re-authorization,
// 5 not linked, and an administration without divisions.
test.beforeAll(async () => {
  const suffix = uniqueSuffix();
  [{ id: environmentId }] =
    await sql`insert into environments (name, sort_order) values (${`Overzicht ${suffix}`}, 90) returning id`;
  const [ok, dead] = await sql<{ id: string }[]>`
    insert into oauth_logins (environment_id, description, site, status, login_expires_at, consented_at)
    values (${environmentId}, 'Login goed', 'NL', 'active', now() + interval '60 days', now() - interval '2 days'),
           (${environmentId}, 'Login verlopen', 'BE', 'needs_reauth', now() - interval '1 day', now() - interval '40 days')
    returning id`;
  const [good, broken, reauth] = await sql<{ id: string }[]>`
    insert into administrations (environment_id, description, oauth_login_id, last_call_at, last_call_ok, last_call_error)
    values (${environmentId}, 'ADM GOED', ${ok.id}, now(), true, null),
           (${environmentId}, 'ADM PROXY', ${ok.id}, now() - interval '1 hour', false, 'proxy_unreachable'),
           (${environmentId}, 'ADM HERAUT', ${dead.id}, null, null, null)
    returning id`;
  await sql`insert into administrations (environment_id, description, oauth_login_id) values (${environmentId}, 'ADM LEEG', ${ok.id})`;
  await sql`
    insert into divisions (environment_id, code, name, administration_id, exact_division_code, exact_division_hid,
      exact_division_description)
    select ${environmentId}, 'OV-' || lpad(n::text, 3, '0'), 'Divisie ' || n,
      case when n <= 30 then ${good.id}::uuid when n <= 50 then ${broken.id}::uuid when n <= 60 then ${reauth.id}::uuid end,
      case when n <= 60 then 3000 + n end, case when n <= 60 then n::text end, case when n <= 60 then 'Exact ' || n end
    from generate_series(1, 65) n`;
  const user = await seedUser(sql, { prefix: "overview-lead" });
  await sql`update users set environment_id = ${environmentId} where id = ${user.id}`;
  viewer = user;
});

test.afterAll(async () => {
  await sql`delete from environments where id = ${environmentId}`;
  await sql.end();
});

const codes = (page: Page) =>
  page.locator("tbody tr[data-state]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-division") ?? ""));

test("a team lead filters through a count, sorts, pages, searches, shares the URL and exports the CSV", async ({
  browser,
}) => {
  const { context, page } = await signedInPage(browser, viewer.email, viewer.password);
  await page.goto("/");
  const counts = page.getByRole("list", { name: "Aantallen per status" });
  await expect(counts.locator("[data-count=active]")).toContainText("31");
  await expect(counts.locator("[data-count=error]")).toContainText("20");
  await expect(counts.locator("[data-count=needs_reauth]")).toContainText("10");
  await expect(counts.locator("[data-count=not_linked]")).toContainText("5");

  // The broken proxy shows, whatever the login says.
  await counts.locator("[data-count=error]").click();
  await expect(page).toHaveURL(/state=error/);
  await expect(page.getByTestId("overview-total")).toHaveText("20 rijen");
  await expect(page.locator("tbody tr[data-state]")).toHaveCount(20);
  // The state's badge (its word, an icon for the eye) and the reason beside it.
  const broken = page.locator("tr[data-division=OV-031]");
  await expect(broken.getByTestId("status-badge")).toHaveText("Fout");
  await expect(broken.getByTestId("state-reason")).toContainText("De proxyserver is niet bereikbaar");

  // Sort: the Divisie header is a button; again is descending.
  await page.getByRole("button", { name: "Divisie", exact: true }).click();
  await expect(page).toHaveURL(/dir=desc/);
  await expect(page.locator("tbody tr").first()).toHaveAttribute("data-division", "OV-050");

  // Page through the healthy ones: 31 rows, 25 a page.
  await page.goto("/?state=active");
  await expect(page.getByTestId("overview-page")).toHaveText("Pagina 1 van 2");
  await page.getByRole("button", { name: "Volgende" }).click();
  await expect(page.getByTestId("overview-page")).toHaveText("Pagina 2 van 2");
  await expect(page.locator("tbody tr[data-state]")).toHaveCount(6);
  await page.goBack();
  await expect(page.getByTestId("overview-page")).toHaveText("Pagina 1 van 2");

  // Search as you type: the rows follow the keys, the field keeps its focus, and the whole
  // search is one history entry.
  await page.goto("/");
  const search = page.getByRole("searchbox");
  await search.pressSequentially("OV-04", { delay: 30 });
  await expect(page).toHaveURL(/q=OV-04/);
  await expect(page.locator("tbody tr[data-state]")).toHaveCount(10);
  await expect(search).toBeFocused();
  await page.goBack();
  await expect(page).not.toHaveURL(/q=/);
  await expect(search).toHaveValue("");
  await expect(page.locator("tbody tr[data-state]")).toHaveCount(25);
  await page.goForward();
  await expect(search).toHaveValue("OV-04");
  await expect(page.locator("tbody tr[data-state]")).toHaveCount(10);
  // Enter searches at once, as Zoeken does.
  await search.fill("OV-049");
  await search.press("Enter");
  await expect(page).toHaveURL(/q=OV-049/);
  await expect(page.locator("tbody tr[data-state]")).toHaveCount(1);
  await search.fill("OV-04");
  await page.getByRole("button", { name: "Zoeken" }).click();
  await expect(page).toHaveURL(/q=OV-04(&|$)/);
  await expect(page.locator("tbody tr[data-state]")).toHaveCount(10);
  // The same URL in a new context shows the same rows.
  await page.getByRole("button", { name: "Divisie", exact: true }).click();
  await expect(page.locator("tbody tr").first()).toHaveAttribute("data-division", "OV-049");
  const shown = await codes(page);
  const shared = await signedInPage(browser, viewer.email, viewer.password);
  await shared.page.goto(page.url());
  await expect(shared.page.locator("tbody tr[data-state]")).toHaveCount(10);
  expect(await codes(shared.page)).toEqual(shown);
  await shared.context.close();

  // Export: every row of the filtered, sorted set, in Dutch Excel's CSV.
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Exporteren (CSV)" }).click();
  const file = await readFile(await (await download).path());
  expect([...file.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = file.toString("utf8").slice(1).trim().split(/\r?\n/);
  expect(lines[0]).toBe("Divisie;Administratie;OAuth login;Exact-site;Exact-divisie;Status;Laatste geslaagde controle");
  expect(lines.slice(1).map((l) => l.split(" - ")[0])).toEqual(shown);
  expect(lines[1]).toMatch(
    /^OV-049 - Divisie 49;ADM PROXY;Login goed;https:\/\/start\.exactonline\.nl\/;49 - Exact 49 \(3049\);Fout: De proxyserver is niet bereikbaar/,
  );
  await context.close();
});

test("a division without an Exact division is not linked under a healthy link; codes sort as people read them", async ({
  browser,
}) => {
  // An environment of its own: one healthy link, five divisions, "3" without an Exact division.
  const suffix = uniqueSuffix();
  const [{ id: env }] =
    await sql`insert into environments (name, sort_order) values (${`Ongekoppeld ${suffix}`}, 91) returning id`;
  try {
    const [login] = await sql<{ id: string }[]>`
      insert into oauth_logins (environment_id, description, site, status, login_expires_at, consented_at)
      values (${env}, 'Login goed', 'NL', 'active', now() + interval '60 days', now() - interval '2 days') returning id`;
    const [admin] = await sql<{ id: string }[]>`
      insert into administrations (environment_id, description, oauth_login_id, last_call_at, last_call_ok)
      values (${env}, 'ADM GOED', ${login.id}, now(), true) returning id`;
    await sql`
      insert into divisions (environment_id, code, name, administration_id, exact_division_code)
      values (${env}, '101', 'Café Zoë', ${admin.id}, 4101), (${env}, '2', 'Twee', ${admin.id}, 4002),
             (${env}, '10', 'Tien', ${admin.id}, 4010), (${env}, '1', 'Een', ${admin.id}, 4001),
             (${env}, '3', 'Qics Detachering', ${admin.id}, null)`;
    const lead = await seedUser(sql, { prefix: "overview-unmapped" });
    await sql`update users set environment_id = ${env} where id = ${lead.id}`;
    // The database: "3" has no Exact division, its administration's link is active.
    const [three] = await sql<{ exact_division_code: number | null; status: string; unmapped: number }[]>`
      select d.exact_division_code, l.status, a.unmapped_division_count as unmapped
      from divisions d join administrations a on a.id = d.administration_id join oauth_logins l on l.id = a.oauth_login_id
      where d.environment_id = ${env} and d.code = '3'`;
    expect(three).toEqual({ exact_division_code: null, status: "active", unmapped: 1 });

    const { context, page } = await signedInPage(browser, lead.email, lead.password);
    await page.goto("/");
    const counts = page.getByRole("list", { name: "Aantallen per status" });
    await expect(counts.locator("[data-count=active]")).toContainText("4");
    await expect(counts.locator("[data-count=not_linked]")).toContainText("1");
    // 1, 2, 3, 10, 101: not the text's 1, 10, 101, 2, 3.
    await expect.poll(() => codes(page)).toEqual(["1", "2", "3", "10", "101"]);
    const unmapped = page.locator("tr[data-division='3']");
    await expect(unmapped).toHaveAttribute("data-state", "not_linked");
    await expect(unmapped).toContainText("ADM GOED");
    await expect(unmapped).not.toContainText("Geldig tot");
    await expect(page.locator("tr[data-division='1']")).toHaveAttribute("data-state", "active");

    // Gekoppeld does not list it; Niet gekoppeld does.
    await counts.locator("[data-count=active]").click();
    await expect(page).toHaveURL(/state=active/);
    await expect.poll(() => codes(page)).toEqual(["1", "2", "10", "101"]);
    await counts.locator("[data-count=not_linked]").click();
    await expect(page).toHaveURL(/state=not_linked/);
    await expect.poll(() => codes(page)).toEqual(["3"]);
    await expect(page.getByTestId("overview-total")).toHaveText("1 rij");

    // Descending, and a search that ignores accents and case.
    await page.goto("/?sort=division&dir=desc");
    await expect.poll(() => codes(page)).toEqual(["101", "10", "3", "2", "1"]);
    await page.goto("/?q=cafe%20zoe");
    await expect.poll(() => codes(page)).toEqual(["101"]);
    await context.close();
  } finally {
    await sql`delete from environments where id = ${env}`;
  }
});
