import type { Browser, BrowserContext, Page } from "@playwright/test";
import { postCredentials } from "./support/credentials-endpoint";
import { e2eSql } from "./support/db";
import { expect, test } from "./support/server-console";
import { submitSignIn } from "./support/sign-in";
import { findUser, seedUser } from "./support/users";

const sql = e2eSql();
test.afterAll(() => sql.end());

const INVALID = "Onbekend e-mailadres of onjuist wachtwoord.";
const THROTTLED =
  "Te veel mislukte pogingen met dit e-mailadres. Wacht even (hooguit een minuut) en probeer het dan opnieuw.";
// Three failures for an e-mail are free; after the third the next attempt waits 2 s.
const FREE_FAILURES = 3;
const FIRST_DELAY_MS = 2_000;

// Each client gets its own (documentation-range) address, so the per-address limit (20) of the
// machine running the suite is not used up, and so the per-e-mail limit is shown to hold
// whichever address the attempts come from.
let lastOctet = 0;
async function client(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  lastOctet += 1;
  const context = await browser.newContext({
    extraHTTPHeaders: { "x-forwarded-for": `198.51.100.${(Date.now() % 200) + lastOctet}` },
  });
  return { context, page: await context.newPage() };
}

async function failures(email: string): Promise<number> {
  const [row] = await sql<{ failures: number }[]>`
    select failures from sign_in_throttle where key = ${`email:${email.toLowerCase()}`}`;
  return row?.failures ?? 0;
}

/**
 * As if the e-mail's last failure were this moment: the first wait is only 2 s, and a slow
 * machine must not let it pass before the attempt that should meet it.
 */
async function failedJustNow(email: string): Promise<void> {
  await sql`update sign_in_throttle set last_failure_at = now() where key = ${`email:${email.toLowerCase()}`}`;
}

async function hasSession(context: BrowserContext): Promise<boolean> {
  return (await context.cookies()).some((c) => /session-token/.test(c.name));
}

/** Wrong passwords through the form, waiting for each to be counted. */
async function failThroughForm(page: Page, email: string, times: number): Promise<void> {
  for (let i = 1; i <= times; i++) {
    await submitSignIn(page, email, `wrong-password-${i}`);
    await expect.poll(() => failures(email)).toBe(i);
    await expect(page.locator("[data-kind=error]")).toHaveText(INVALID);
  }
}

test("after three wrong passwords even the right one waits, through the form and through Auth.js's endpoint; then it signs in (no lock)", async ({
  browser,
}) => {
  test.slow(); // several argon2 sign-ins and browser contexts
  const user = await seedUser(sql, { prefix: "throttle-form" });
  const first = await client(browser);
  await first.page.goto("/login");
  await failThroughForm(first.page, user.email, FREE_FAILURES);
  await first.context.close();

  // The right password, from another address: throttled.
  const second = await client(browser);
  await second.page.goto("/login");
  await failedJustNow(user.email);
  await submitSignIn(second.page, user.email, user.password);
  await expect(second.page.locator("[data-kind=error]")).toHaveText(THROTTLED);
  await expect(second.page).toHaveURL(/\/login$/);
  expect(await hasSession(second.context)).toBe(false);
  await second.page.goto("/");
  await expect(second.page).toHaveURL(/\/login$/);
  await second.context.close();

  // The standard endpoint is no way around it.
  const third = await client(browser);
  await failedJustNow(user.email);
  const response = await postCredentials(third.context.request, user.email, user.password);
  expect(response.status()).toBe(302);
  expect(response.headers().location).toMatch(/[?&]error=CredentialsSignin(&|$)/);
  expect(response.headers().location).toMatch(/[?&]code=throttled(&|$)/);
  expect(await hasSession(third.context)).toBe(false);
  expect((await third.context.request.get("/", { maxRedirects: 0 })).status()).toBe(307);
  await third.context.close();

  expect((await findUser(sql, user.email))?.last_sign_in_at).toBeNull();
  // The refused attempts were not counted: the wait did not grow.
  expect(await failures(user.email)).toBe(FREE_FAILURES);

  // Slowed down, not locked out: once the wait is over the right password signs in.
  await failedJustNow(user.email);
  await new Promise((r) => setTimeout(r, FIRST_DELAY_MS + 500));
  const fourth = await client(browser);
  await submitSignIn(fourth.page, user.email, user.password);
  await expect(fourth.page.getByRole("heading", { level: 1, name: "Overzicht" })).toBeVisible();
  expect(await failures(user.email)).toBe(0);
  await fourth.context.close();
});

test("Auth.js's endpoint does sign in a user who is not throttled (the control)", async ({ browser }) => {
  const user = await seedUser(sql, { prefix: "throttle-control" });
  const { context } = await client(browser);
  const response = await postCredentials(context.request, user.email, user.password);
  expect(response.status()).toBe(302);
  expect(response.headers().location).not.toMatch(/error=/);
  expect(await hasSession(context)).toBe(true);
  expect((await context.request.get("/", { maxRedirects: 0 })).status()).toBe(200);
  expect((await findUser(sql, user.email))?.last_sign_in_at).not.toBeNull();
  await context.close();
});

test("wrong passwords sent to Auth.js's endpoint count too: then the form refuses the right one", async ({
  browser,
}) => {
  const user = await seedUser(sql, { prefix: "throttle-endpoint" });
  const attacker = await client(browser);
  for (let i = 1; i <= FREE_FAILURES; i++) {
    const response = await postCredentials(attacker.context.request, user.email, `wrong-password-${i}`);
    expect(response.headers().location).toMatch(/[?&]error=CredentialsSignin(&|$)/);
    expect(await failures(user.email)).toBe(i);
  }
  await attacker.context.close();

  const owner = await client(browser);
  await owner.page.goto("/login");
  await failedJustNow(user.email);
  await submitSignIn(owner.page, user.email, user.password);
  await expect(owner.page.locator("[data-kind=error]")).toHaveText(THROTTLED);
  expect(await hasSession(owner.context)).toBe(false);
  await owner.context.close();
  expect((await findUser(sql, user.email))?.last_sign_in_at).toBeNull();
});

test("two wrong passwords are not yet too many: the right one signs in at once and clears the count", async ({
  browser,
}) => {
  const user = await seedUser(sql, { prefix: "throttle-two" });
  const { context, page } = await client(browser);
  await page.goto("/login");
  await failThroughForm(page, user.email, FREE_FAILURES - 1);
  await submitSignIn(page, user.email, user.password);
  await expect(page.getByRole("heading", { level: 1, name: "Overzicht" })).toBeVisible();
  expect(await failures(user.email)).toBe(0);
  await context.close();
});
