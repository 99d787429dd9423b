import { signatureMatches, startWebhookReceiver, type WebhookReceiver } from "../tests/support/webhook-receiver";
import { e2eSql } from "./support/db";
import { receivedMails } from "./support/mail";
import { recordServerAction, replayServerAction, reportsSuccess } from "./support/server-action";
import { expect, test } from "./support/server-console";
import { signedInPage, signIn } from "./support/sign-in";
import { seedUser, uniqueSuffix } from "./support/users";

const sql = e2eSql();
let receiver: WebhookReceiver;
/** The test notifications the receiver got (the job worker's change notices may come too). */
const testHooks = () => receiver.hooks.filter((h) => h.headers["x-koppeling-event"] === "test");
test.beforeAll(async () => {
  // "Stuur testmelding" allows 5 an hour per environment: a rerun within the hour starts afresh.
  await sql`delete from notification_test_sends`;
  receiver = await startWebhookReceiver();
});
test.afterAll(async () => {
  await receiver.close();
  await sql.end();
});

type NotifyColumns = {
  notify_email_to: string | null;
  notify_webhook_url: string | null;
  notify_webhook_secret_enc: string | null;
};
const productie = async () =>
  (
    await sql<NotifyColumns[]>`
      select notify_email_to, notify_webhook_url, notify_webhook_secret_enc from environments where name = 'Productie'`
  )[0];
const clearNotifications = () =>
  sql`update environments set notify_email_to = null, notify_webhook_url = null, notify_webhook_secret_enc = null
      where name = 'Productie'`;
test.beforeEach(clearNotifications);
test.afterEach(clearNotifications);

test("tab Algemeen: nothing set says so; recipients and a signed webhook are saved (the secret write-only); Stuur testmelding sends a mail in each recipient's language and a signed test event", async ({
  page,
}) => {
  test.slow();
  const secret = `webhook-geheim-${uniqueSuffix()}`;
  const english = await seedUser(sql, { prefix: "notify-en" });
  await sql`update users set locale = 'en' where id = ${english.id}`;
  const admin = await seedUser(sql, { prefix: "notify-admin", role: "admin" });
  await signIn(page, admin.email, admin.password);
  await page.goto("/system/settings?tab=general");
  const status = page.getByTestId("notify-status");
  await expect(status).toHaveText("Er worden geen meldingen verstuurd: stel ontvangers of een webhook in.");
  await page.getByRole("button", { name: "Stuur testmelding" }).click();
  await expect(page.locator("[data-kind=error]")).toContainText("Er is niets om te testen");

  // A URL that is not http(s) is refused on its field, and nothing is stored.
  await page.getByLabel("Webhook-URL").fill("ftp://hooks.example.test/koppeling");
  await page.getByRole("button", { name: "Opslaan" }).click();
  await expect(page.locator("#notifyWebhookUrl-error")).toHaveText(
    "Geef een URL die begint met http:// of https://, zonder gebruikersnaam of wachtwoord erin.",
  );
  expect(await productie()).toEqual({
    notify_email_to: null,
    notify_webhook_url: null,
    notify_webhook_secret_enc: null,
  });

  const recipients = `beheer-${uniqueSuffix()}@example.test, ${english.email}`;
  await page.getByLabel("E-mailontvangers").fill(recipients);
  await page.getByLabel("Webhook-URL").fill(receiver.url);
  await page.getByLabel("Webhook-geheim").fill(secret);
  const saved = await recordServerAction(page, () => page.getByRole("button", { name: "Opslaan" }).click());
  expect(reportsSuccess(saved.responseText)).toBe(true);
  await expect(page.locator("[data-kind=success]")).toHaveText(
    "De instellingen van omgeving Productie zijn opgeslagen.",
  );
  const stored = await productie();
  expect(stored).toMatchObject({ notify_email_to: recipients, notify_webhook_url: receiver.url });
  expect(stored.notify_webhook_secret_enc).toMatch(/^v1:/);
  expect(stored.notify_webhook_secret_enc).not.toContain(secret);

  await expect(status).toContainText("Meldingen gaan per e-mail naar 2 ontvangers.");
  await expect(status).toContainText(`Meldingen gaan naar de webhook op 127.0.0.1:${receiver.port}.`);
  await expect(page.getByTestId("webhook-secret-state")).toHaveText("Er is een geheim ingesteld.");
  // The secret is in no page, RSC payload or DOM; nor is its ciphertext.
  const html = await (await page.request.get("/system/settings?tab=general")).text();
  const rsc = await (await page.request.get("/system/settings?tab=general", { headers: { RSC: "1" } })).text();
  for (const body of [html, rsc, await page.content()]) {
    expect(body).not.toContain(secret);
    expect(body).not.toContain(stored.notify_webhook_secret_enc as string);
  }

  const mailsBefore = receivedMails().length;
  await page.getByRole("button", { name: "Stuur testmelding" }).click();
  await expect(page.locator("[data-kind=success]").filter({ hasText: "per e-mail" })).toHaveText(
    "Testmelding per e-mail verstuurd naar 2 ontvangers.",
  );
  await expect(page.locator("[data-kind=success]").filter({ hasText: "webhook" })).toHaveText(
    `Testmelding verstuurd naar de webhook op 127.0.0.1:${receiver.port}.`,
  );

  // The job worker scans for changes every minute meanwhile: only the test's own are counted.
  expect(testHooks()).toHaveLength(1);
  const [hook] = testHooks();
  expect(hook.headers["x-koppeling-event"]).toBe("test");
  expect(signatureMatches(secret, hook.body, hook.headers["x-koppeling-signature"])).toBe(true);
  expect(JSON.parse(hook.body.toString("utf8"))).toMatchObject({
    event: "test",
    environment: { name: "Productie" },
  });
  expect(hook.body.toString("utf8")).not.toContain(secret);

  const mails = receivedMails()
    .slice(mailsBefore)
    .filter((m) => /Testmelding|Test notification/.test(m.subject));
  expect(mails.map((m) => [m.to, m.subject]).sort()).toEqual(
    [
      [[recipients.split(", ")[0]], "[Koppeling Productie] Testmelding"],
      [[english.email], "[Koppeling Productie] Test notification"],
    ].sort(),
  );
  for (const mail of mails) expect(mail.raw).not.toContain(secret);

  // Whatever the browser sends, the server checks it: the same save with a bad URL changes nothing.
  const tampered = { ...saved, body: saved.body.replace(receiver.url, "javascript:alert(1)") };
  expect(tampered.body).not.toBe(saved.body);
  expect(reportsSuccess(await (await replayServerAction(page.request, tampered)).text())).toBe(false);
  expect(await productie()).toEqual(stored);

  const [audit] = await sql<{ detail: Record<string, unknown> }[]>`
    select detail from audit_events where action = 'notification.test_sent' order by id desc limit 1`;
  expect(audit.detail).toMatchObject({ name: "Productie" });
  expect(JSON.stringify(audit.detail)).not.toContain(secret);
});

test("a viewer sees what is sent but cannot change it or send a test; the server refuses them too", async ({
  browser,
  page,
}) => {
  const admin = await seedUser(sql, { prefix: "notify-admin", role: "admin" });
  await signIn(page, admin.email, admin.password);
  await page.goto("/system/settings?tab=general");
  await page.getByLabel("Webhook-URL").fill(receiver.url);
  await page.getByLabel("Webhook-geheim").fill(`webhook-geheim-${uniqueSuffix()}`);
  await page.getByRole("button", { name: "Opslaan" }).click();
  await expect(page.locator("[data-kind=success]")).toBeVisible();
  const test = await recordServerAction(page, () => page.getByRole("button", { name: "Stuur testmelding" }).click());
  expect(reportsSuccess(test.responseText)).toBe(true);
  const hooks = testHooks().length;

  const viewer = await seedUser(sql, { prefix: "notify-viewer" });
  const { context, page: viewerPage } = await signedInPage(browser, viewer.email, viewer.password);
  await viewerPage.goto("/system/settings?tab=general");
  await expect(viewerPage.getByTestId("notify-status")).toContainText(
    `Meldingen gaan naar de webhook op 127.0.0.1:${receiver.port}.`,
  );
  await expect(viewerPage.getByLabel("Webhook-URL")).toBeDisabled();
  // Only the host: a webhook URL's path or query can hold a key.
  await expect(viewerPage.getByLabel("Webhook-URL")).toHaveValue(`127.0.0.1:${receiver.port}`);
  await expect(viewerPage.getByRole("button", { name: "Stuur testmelding" })).toHaveCount(0);
  await expect(viewerPage.getByRole("button", { name: "Opslaan" })).toHaveCount(0);
  expect(await viewerPage.content()).not.toContain("/hooks/koppeling");
  expect(reportsSuccess(await (await replayServerAction(context.request, test)).text())).toBe(false);
  expect(testHooks().length).toBe(hooks);
  await context.close();
});
