import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { getDb } from "@/db/client";
import { auditEvents, environments, notificationTestSends } from "@/db/schema";
import { webhookSecretColumn } from "@/lib/crypto/secret-columns";
import { listEnvironments, updateEnvironmentSettings } from "@/lib/data/environments";
import { notificationOverview, notificationSettings } from "@/lib/data/notification-settings";
import { TEST_SENDS_PER_HOUR } from "@/lib/data/notification-test-sends";
import { sendTestNotification } from "@/lib/notify/send-test-notification";
import { environmentSettingsSchema } from "@/lib/schemas/administrations";
import { settingsValues, withEnv } from "../support/notify-world";
import { resetDatabase } from "../support/reset-database";
import { type SmtpReceiver, startSmtpReceiver } from "../support/smtp-receiver";
import { actorOf, makeUser } from "../support/users";
import { signatureMatches, startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver";

const SECRET = "webhook-secret-0123456789";
const URL_1 = "https://hooks.example.nl/koppeling/T0123/abcdef?channel=ops";
let restoreEnv: () => void;
let env: string;
let admin: ReturnType<typeof actorOf>;
beforeEach(async () => {
  process.env.ENCRYPTION_KEY ??= Buffer.alloc(32, 7).toString("base64");
  restoreEnv = withEnv({
    SMTP_URL: undefined,
    NOTIFY_EMAIL_TO: undefined,
    NOTIFY_WEBHOOK_URL: undefined,
    NOTIFY_WEBHOOK_SECRET: undefined,
  });
  await resetDatabase();
  admin = actorOf(await makeUser("admin@example.nl", "admin"));
  env = (await listEnvironments())[0].id;
});
afterEach(() => restoreEnv());

const stored = async () => (await getDb().select().from(environments).where(eq(environments.id, env)))[0];
const audit = () =>
  getDb()
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.action, "environment.settings_changed"))
    .orderBy(auditEvents.id);

describe("the notification settings of tab Algemeen", () => {
  test("the webhook secret is stored only sealed, shown only as 'set', audited without its value or ciphertext", async () => {
    await updateEnvironmentSettings(
      admin,
      env,
      settingsValues({ notifyEmailTo: "a@qics.nl,b@qics.nl", notifyWebhookUrl: URL_1, notifyWebhookSecret: SECRET }),
    );
    const row = await stored();
    expect(row).toMatchObject({ notifyEmailTo: "a@qics.nl, b@qics.nl", notifyWebhookUrl: URL_1 });
    expect(row.notifyWebhookSecretEnc).toMatch(/^v1:/);
    expect(row.notifyWebhookSecretEnc).not.toContain(SECRET);
    expect(webhookSecretColumn.open(env, row.notifyWebhookSecretEnc as string)).toBe(SECRET);
    expect(await notificationSettings(env)).toEqual({
      email: null,
      webhook: { url: URL_1, secret: SECRET, trusted: false },
    });

    const overview = await notificationOverview(env);
    expect(overview).toEqual({
      emailTo: "a@qics.nl, b@qics.nl",
      webhookUrl: URL_1,
      webhookSecretSet: true,
      recipients: 2,
      recipientsFromServer: false,
      smtpConfigured: false,
      webhookHost: "hooks.example.nl",
      webhookFromServer: false,
      webhookSigned: true,
    });
    const [event] = await audit();
    expect(event.detail).toEqual({
      name: "Productie",
      notifyEmailTo: { from: null, to: "a@qics.nl, b@qics.nl" },
      notifyWebhookHost: { from: null, to: "hooks.example.nl" },
      webhookCredential: "set",
    });
    const all = JSON.stringify(await getDb().select().from(auditEvents));
    for (const secret of [SECRET, row.notifyWebhookSecretEnc as string, "T0123", "channel=ops"]) {
      expect(all).not.toContain(secret);
    }
  });

  test("keep leaves the secret, a new one replaces it (changed), clear removes it (cleared), and it goes with the URL", async () => {
    await updateEnvironmentSettings(
      admin,
      env,
      settingsValues({ notifyWebhookUrl: URL_1, notifyWebhookSecret: SECRET }),
    );
    const first = (await stored()).notifyWebhookSecretEnc;
    process.env.NOTIFY_WEBHOOK_SECRET = "server-secret-0123456789";

    await updateEnvironmentSettings(admin, env, settingsValues({ notifyWebhookUrl: URL_1, expiryWarningDays: 9 }));
    expect((await stored()).notifyWebhookSecretEnc).toBe(first);
    await updateEnvironmentSettings(
      admin,
      env,
      settingsValues({ notifyWebhookUrl: URL_1, expiryWarningDays: 9, notifyWebhookSecret: "another-secret-456789" }),
    );
    const second = (await stored()).notifyWebhookSecretEnc as string;
    expect(webhookSecretColumn.open(env, second)).toBe("another-secret-456789");
    // Clearing the environment's own secret while keeping its own URL is refused: the server's
    // secret never signs an address an admin typed.
    const kept = await stored();
    await expect(
      updateEnvironmentSettings(
        admin,
        env,
        settingsValues({ notifyWebhookUrl: URL_1, expiryWarningDays: 9, notifyWebhookSecretAction: "clear" }),
      ),
    ).rejects.toMatchObject({ code: "webhook_secret_required", field: "notifyWebhookSecret" });
    expect(await stored()).toEqual(kept);
    expect((await notificationSettings(env)).webhook).toEqual({
      url: URL_1,
      secret: "another-secret-456789",
      trusted: false,
    });

    await updateEnvironmentSettings(admin, env, settingsValues({ notifyWebhookUrl: "" }));
    expect(await stored()).toMatchObject({ notifyWebhookUrl: null, notifyWebhookSecretEnc: null });

    expect((await audit()).map((a) => a.detail)).toEqual([
      { name: "Productie", notifyWebhookHost: { from: null, to: "hooks.example.nl" }, webhookCredential: "set" },
      { name: "Productie", expiryWarningDays: { from: 7, to: 9 } },
      { name: "Productie", webhookCredential: "changed" },
      {
        name: "Productie",
        expiryWarningDays: { from: 9, to: 7 },
        notifyWebhookHost: { from: "hooks.example.nl", to: null },
        webhookCredential: "cleared",
      },
    ]);
  });

  test("a new host must be given the secret again; the same host keeps it; the server's secret never signs the environment's URL", async () => {
    await updateEnvironmentSettings(
      admin,
      env,
      settingsValues({ notifyWebhookUrl: URL_1, notifyWebhookSecret: SECRET }),
    );
    const before = await stored();
    // Another host with the kept secret: refused on the secret's field, nothing changes.
    await expect(
      updateEnvironmentSettings(
        admin,
        env,
        settingsValues({ notifyWebhookUrl: "https://collector.evil.example/hook" }),
      ),
    ).rejects.toMatchObject({ code: "webhook_secret_reenter", field: "notifyWebhookSecret" });
    expect(await stored()).toEqual(before);
    // The same host on another path keeps it.
    const samePlace = "https://hooks.example.nl/koppeling/other";
    await updateEnvironmentSettings(admin, env, settingsValues({ notifyWebhookUrl: samePlace }));
    expect(await stored()).toMatchObject({
      notifyWebhookUrl: samePlace,
      notifyWebhookSecretEnc: before.notifyWebhookSecretEnc,
    });
    // A new host with its own new secret is fine.
    const moved = "https://new-hooks.example.nl/k";
    await updateEnvironmentSettings(
      admin,
      env,
      settingsValues({ notifyWebhookUrl: moved, notifyWebhookSecret: "moved-secret-0123456789" }),
    );
    expect((await notificationSettings(env)).webhook).toEqual({
      url: moved,
      secret: "moved-secret-0123456789",
      trusted: false,
    });

    // A row from before this rule (own URL, no own secret) is not signed with the server's.
    process.env.NOTIFY_WEBHOOK_SECRET = "server-secret-0123456789";
    await getDb().update(environments).set({ notifyWebhookSecretEnc: null }).where(eq(environments.id, env));
    expect((await notificationSettings(env)).webhook).toBeNull();
    expect(await notificationOverview(env)).toMatchObject({ webhookUrl: moved, webhookSigned: false });
    // The server's own URL is signed with the server's secret.
    process.env.NOTIFY_WEBHOOK_URL = "https://ops.example.nl/hook";
    await getDb().update(environments).set({ notifyWebhookUrl: null }).where(eq(environments.id, env));
    expect((await notificationSettings(env)).webhook).toEqual({
      url: "https://ops.example.nl/hook",
      secret: "server-secret-0123456789",
      trusted: true,
    });
  });

  test("a webhook URL without any secret is refused on its field, and nothing changes", async () => {
    await updateEnvironmentSettings(admin, env, settingsValues({ notifyEmailTo: "a@qics.nl" }));
    const before = await stored();
    await expect(
      updateEnvironmentSettings(admin, env, settingsValues({ notifyWebhookUrl: URL_1, expiryWarningDays: 12 })),
    ).rejects.toMatchObject({ code: "webhook_secret_required", field: "notifyWebhookSecret" });
    expect(await stored()).toEqual(before);
    expect(await audit()).toHaveLength(1);
  });

  test("invalid recipients, URLs and secrets are refused by the schema the form and the action share, each on its field", () => {
    const issues = (over: Record<string, unknown>) =>
      environmentSettingsSchema
        .safeParse({
          expiryWarningDays: 7,
          notifyEmailTo: "",
          notifyWebhookUrl: "",
          notifyWebhookSecretAction: "keep",
          ...over,
        })
        .error?.issues.map((i) => [i.path.join("."), i.message]);
    expect(issues({ notifyEmailTo: "a@qics.nl, geen-adres" })).toEqual([["notifyEmailTo", "invalid_email_list"]]);
    expect(issues({ notifyWebhookUrl: "ftp://hooks.example.nl/" })).toEqual([
      ["notifyWebhookUrl", "invalid_webhook_url"],
    ]);
    expect(issues({ notifyWebhookUrl: "https://u:p@hooks.example.nl/" })).toEqual([
      ["notifyWebhookUrl", "invalid_webhook_url"],
    ]);
    expect(issues({ notifyWebhookSecret: SECRET })).toEqual([["notifyWebhookSecret", "needs_webhook_url"]]);
  });

  test("with nothing configured the overview says so", async () => {
    expect(await notificationOverview(env)).toMatchObject({
      recipients: 0,
      smtpConfigured: false,
      webhookHost: null,
      webhookSecretSet: false,
    });
    expect(await notificationSettings(env)).toEqual({ email: null, webhook: null });
    process.env.NOTIFY_EMAIL_TO = "ops@qics.nl";
    process.env.NOTIFY_WEBHOOK_URL = "not a url";
    expect(await notificationOverview(env)).toMatchObject({
      recipients: 1,
      recipientsFromServer: true,
      webhookHost: null,
    });
  });
});

describe("Stuur testmelding", () => {
  let smtp: SmtpReceiver;
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    [smtp, receiver] = await Promise.all([startSmtpReceiver(), startWebhookReceiver()]);
  });
  afterAll(async () => {
    await Promise.all([smtp.close(), receiver.close()]);
  });

  test("sends one test of each configured kind, says how each went, and is audited", async () => {
    process.env.SMTP_URL = smtp.url;
    await updateEnvironmentSettings(
      admin,
      env,
      settingsValues({ notifyEmailTo: "beheer@qics.nl", notifyWebhookUrl: receiver.url, notifyWebhookSecret: SECRET }),
    );
    const environment = { id: env, name: "Productie" };
    expect(await sendTestNotification(admin, environment)).toEqual([
      { channel: "email", ok: true, recipients: 1 },
      { channel: "webhook", ok: true, host: `127.0.0.1:${receiver.port}` },
    ]);
    expect(smtp.mails.map((m) => m.subject)).toEqual(["[Koppeling Productie] Testmelding"]);
    const [hook] = receiver.hooks;
    expect(hook.headers["x-koppeling-event"]).toBe("test");
    expect(signatureMatches(SECRET, hook.body, hook.headers["x-koppeling-signature"])).toBe(true);
    expect(JSON.parse(hook.body.toString())).toMatchObject({ event: "test", environment, administrations: [] });

    receiver.answer.status = 500;
    expect(await sendTestNotification(admin, environment)).toEqual([
      { channel: "email", ok: true, recipients: 1 },
      {
        channel: "webhook",
        ok: false,
        code: "webhook_status",
        values: { host: `127.0.0.1:${receiver.port}`, status: 500 },
      },
    ]);
    const events = await getDb().select().from(auditEvents).where(eq(auditEvents.action, "notification.test_sent"));
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ actorUserId: admin.id, entityType: "environment", entityId: env });
    expect(JSON.stringify(events)).not.toContain(SECRET);
    expect(JSON.stringify(events)).not.toContain("smtp-pass-123");
  });

  test("at most 5 an hour per environment, counted in PostgreSQL even when pressed at once; the 6th is refused in words and sends nothing", async () => {
    process.env.SMTP_URL = smtp.url;
    await updateEnvironmentSettings(admin, env, settingsValues({ notifyEmailTo: "beheer@qics.nl" }));
    const environment = { id: env, name: "Productie" };
    const mailsBefore = smtp.mails.length;
    // Eight presses at the same moment: five go out, three are refused.
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => sendTestNotification(admin, environment)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(TEST_SENDS_PER_HOUR);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => r.reason);
    expect(refused).toHaveLength(3);
    for (const e of refused) {
      expect(e).toMatchObject({
        code: "notification_test_limited",
        values: { limit: 5, until: expect.stringMatching(/^\d\d:\d\d$/) },
      });
    }
    expect(smtp.mails.length - mailsBefore).toBe(5);
    expect(await getDb().select().from(notificationTestSends)).toHaveLength(5);
    expect(
      await getDb().select().from(auditEvents).where(eq(auditEvents.action, "notification.test_sent")),
    ).toHaveLength(5);
    // Another environment has its own five.
    const [, other] = await listEnvironments();
    await updateEnvironmentSettings(admin, other.id, settingsValues({ notifyEmailTo: "test@qics.nl" }));
    await expect(sendTestNotification(admin, { id: other.id, name: other.name })).resolves.toHaveLength(1);
    // An hour later the first environment may send again.
    await getDb().update(notificationTestSends).set({ sentAt: sql`sent_at - interval '61 minutes'` });
    await expect(sendTestNotification(admin, environment)).resolves.toHaveLength(1);
  });

  test("with nothing configured it is refused in words, and nothing is audited", async () => {
    await expect(sendTestNotification(admin, { id: env, name: "Productie" })).rejects.toMatchObject({
      code: "notifications_not_configured",
    });
    expect(await getDb().select().from(auditEvents).where(eq(auditEvents.action, "notification.test_sent"))).toEqual(
      [],
    );
  });
});
