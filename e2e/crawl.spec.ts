import { E2E_ADMIN, E2E_BASE_URL } from "./support/constants";
import { crawl, expectNoProblems } from "./support/crawl";
import { e2eSql } from "./support/db";
import { seedEveryState } from "./support/every-state";
import { linkLoginThroughExact } from "./support/exact-simulator";
import { jobsHaveRun } from "./support/jobs";
import { expect, test } from "./support/server-console";
import { signedInPage } from "./support/sign-in";
import { type SeededUser, seedUser } from "./support/users";

// Every page, as each role, in each environment, with data in every state the portal knows and
// after its jobs have run over that data: the pages are found by following the portal's own
// links from the overview, plus those no link leads to. (A portal started with `npm start`
// once failed every signed-in page while a suite of 1,200 tests was green.)

const sql = e2eSql();
let viewer: SeededUser;
const ENVIRONMENTS = ["Productie", "Test"] as const;

/** The pages no navigation link leads to, and what each answers for the role. */
const unlinked = (role: "admin" | "viewer") => [
  { path: "/account/password", status: 200 },
  { path: "/no-access", status: 403 },
  { path: "/system/api-docs", status: 200 },
  { path: "/deze-pagina-bestaat-niet", status: 404 },
  ...(role === "viewer"
    ? [
        { path: "/users", status: 403 },
        { path: "/system/api-keys", status: 403 },
      ]
    : []),
];

const environmentId = async (name: string) =>
  (await sql<{ id: string }[]>`select id from environments where name = ${name}`)[0].id;

/**
 * The Activiteit of the environment's crawl logins and administrations (the linked one has real
 * calls on record), filtered too; another environment's login is not found here.
 */
async function activityPages(environment: string) {
  const id = await environmentId(environment);
  const logins = await sql<{ id: string }[]>`
    select id from oauth_logins where environment_id = ${id} and description like 'Crawl %' order by description`;
  const administrations = await sql<{ id: string }[]>`
    select id from administrations where environment_id = ${id} and description like 'Crawl %' order by description limit 3`;
  const [elsewhere] = await sql<{ id: string }[]>`
    select id from oauth_logins where environment_id <> ${id} and description like 'Crawl %' limit 1`;
  return [
    ...logins.map((l) => ({ path: `/system/oauth-logins/${l.id}/activity`, status: 200 })),
    ...logins.slice(0, 1).map((l) => ({
      path: `/system/oauth-logins/${l.id}/activity?kind=token&result=error&from=1-1-2020`,
      status: 200,
    })),
    ...administrations.map((a) => ({ path: `/system/settings/administrations/${a.id}/activity`, status: 200 })),
    ...(elsewhere ? [{ path: `/system/oauth-logins/${elsewhere.id}/activity`, status: 404 }] : []),
  ];
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }) => {
  test.setTimeout(300_000);
  for (const name of ENVIRONMENTS) await seedEveryState(sql, await environmentId(name), `Crawl ${name}`);
  viewer = await seedUser(sql, { prefix: "crawl-viewer" });
  // A login linked through Exact for real, made due for its keep-alive, so the job worker
  // does real work on it before the pages are read.
  await sql`update users set environment_id = ${await environmentId("Productie")} where email = ${E2E_ADMIN.email}`;
  const { context, page } = await signedInPage(browser, E2E_ADMIN.email, E2E_ADMIN.password);
  await expect(page.locator("[data-error-page], #__next_error__"), "the overview after sign-in").toHaveCount(0);
  await linkLoginThroughExact(page, "Crawl gekoppeld");
  await context.close();
  const [consented] = await sql<{ last_check_at: Date | null }[]>`
    update oauth_logins set last_refresh_at = now() - interval '2 days' where description = 'Crawl gekoppeld'
    returning last_check_at`;
  await jobsHaveRun(sql, new Date());
  // The keep-alive visited the linked login after its consent (Exact allows no refresh this
  // soon: it reads current/Me), in a job of its own that may end after the scheduled one.
  const checked = async () =>
    (
      await sql<{ status: string; later: boolean }[]>`
        select status::text as status,
          coalesce(last_check_at > coalesce(${consented.last_check_at}::timestamptz, '-infinity'), false) as later
        from oauth_logins where description = 'Crawl gekoppeld'`
    )[0];
  await expect.poll(checked, { timeout: 120_000 }).toEqual({ status: "active", later: true });
});

// The other specs expect the default environments as they left them.
test.afterAll(async () => {
  await sql`delete from divisions where code like 'Crawl %'`;
  await sql`delete from administrations where description like 'Crawl %'`;
  await sql`delete from oauth_logins where description like 'Crawl %'`;
  await sql`update users set environment_id = null where email = ${E2E_ADMIN.email}`;
  await sql.end();
});

for (const role of ["admin", "viewer"] as const) {
  for (const environment of ENVIRONMENTS) {
    test(`every page answers, as ${role}, in ${environment}`, async ({ browser }) => {
      test.setTimeout(120_000);
      const user = role === "admin" ? E2E_ADMIN : viewer;
      await sql`update users set environment_id = ${await environmentId(environment)} where email = ${user.email}`;
      const { context, page } = await signedInPage(browser, user.email, user.password);
      await expect(page.getByLabel("Omgeving").locator("option:checked")).toHaveText(environment);
      const visits = await crawl(page, E2E_BASE_URL, [...unlinked(role), ...(await activityPages(environment))]);
      await context.close();
      const paths = visits.map((v) => v.path);
      // Discovered from the links, so at least the navigation's pages for the role.
      const navigation = ["/", "/system/oauth-logins", "/system/settings", "/system/api-docs", "/audit"];
      expect(paths).toEqual(
        expect.arrayContaining(role === "admin" ? [...navigation, "/users", "/system/api-keys"] : navigation),
      );
      expectNoProblems(visits);
    });
  }
}
