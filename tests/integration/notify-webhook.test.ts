import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { getDb } from "@/db/client";
import { auditEvents, environments } from "@/db/schema";
import { listEnvironments, updateEnvironmentSettings } from "@/lib/data/environments";
import { buildLoginEvent } from "@/lib/data/login-event";
import { portalMetrics } from "@/lib/metrics/portal-metrics";
import { deliverLoginNotification } from "@/lib/notify/deliver-login-notification";
import { isRetryable, type NotificationError } from "@/lib/notify/notification-error";
import { sendWebhookNotification } from "@/lib/notify/send-webhook-notification";
import { seedLoginWithAdministrations, settingsValues, withEnv } from "../support/notify-world";
import { resetDatabase } from "../support/reset-database";
import { actorOf, makeUser } from "../support/users";
import { signatureMatches, startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver";

const SECRET = "webhook-secret-0123456789";
let receiver: WebhookReceiver;
let restoreEnv: () => void;
let env: string;
let admin: ReturnType<typeof actorOf>;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver.close();
});
beforeEach(async () => {
  process.env.ENCRYPTION_KEY ??= Buffer.alloc(32, 7).toString("base64");
  restoreEnv = withEnv({ NOTIFY_WEBHOOK_URL: undefined, NOTIFY_WEBHOOK_SECRET: undefined, SMTP_URL: undefined });
  receiver.hooks.length = 0;
  receiver.answer.status = 200;
  receiver.answer.location = undefined;
  await resetDatabase();
  admin = actorOf(await makeUser("admin@example.nl", "admin"));
  env = (await listEnvironments())[0].id;
});
afterEach(() => restoreEnv());

describe("webhook notifications to a real HTTP receiver", () => {
  test("a signed JSON POST of exactly the event, with its name in a header; audited with the host only", async () => {
    await updateEnvironmentSettings(
      admin,
      env,
      settingsValues({ notifyWebhookUrl: receiver.url, notifyWebhookSecret: SECRET }),
    );
    const { loginId, secrets } = await seedLoginWithAdministrations(env);
    const occurredAt = new Date("2026-03-04T05:06:07.000Z");

    const receipt = await deliverLoginNotification({
      loginId,
      event: "oauth_login.needs_reauth",
      channel: "webhook",
      occurredAt,
    });
    expect(receipt).toEqual({ channel: "webhook", host: `127.0.0.1:${receiver.port}` });
    expect(receiver.hooks).toHaveLength(1);
    const [hook] = receiver.hooks;
    expect(hook.method).toBe("POST");
    expect(hook.path).toBe("/hooks/koppeling?channel=ops");
    expect(hook.headers["content-type"]).toBe("application/json");
    expect(hook.headers["x-koppeling-event"]).toBe("oauth_login.needs_reauth");
    expect(hook.headers["x-koppeling-signature"]).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(signatureMatches(SECRET, hook.body, hook.headers["x-koppeling-signature"])).toBe(true);
    expect(signatureMatches("another-secret-0123456", hook.body, hook.headers["x-koppeling-signature"])).toBe(false);

    const body = JSON.parse(hook.body.toString("utf8"));
    expect(body).toEqual({
      event: "oauth_login.needs_reauth",
      occurredAt: "2026-03-04T05:06:07.000Z",
      environment: { id: env, name: "Productie" },
      login: {
        id: loginId,
        description: "Exact NL",
        site: "NL",
        status: "needs_reauth",
        reason: "refresh_token_expired",
        reasonValues: null,
        expiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
      administrations: [
        {
          id: expect.any(String),
          description: "ONLINE",
          divisions: [
            { code: "1", name: "Qics BV", exactDivision: 12345 },
            { code: "2", name: "Qics Holding", exactDivision: null },
          ],
        },
      ],
    });
    expect(body).toEqual(await buildLoginEvent(loginId, "oauth_login.needs_reauth", occurredAt));
    const raw = hook.body.toString("utf8");
    for (const secret of [...secrets, SECRET]) expect(raw).not.toContain(secret);
    expect(JSON.stringify(hook.headers)).not.toContain(SECRET);

    const audit = await getDb().select().from(auditEvents).where(eq(auditEvents.action, "notification.sent"));
    expect(audit.map((a) => a.detail)).toEqual([
      {
        event: "oauth_login.needs_reauth",
        description: "Exact NL",
        status: "needs_reauth",
        channel: "webhook",
        host: `127.0.0.1:${receiver.port}`,
      },
    ]);
    expect(JSON.stringify(audit)).not.toContain("channel=ops");
    expect(JSON.stringify(audit)).not.toContain(SECRET);
  });

  test.each([
    [500, true],
    [503, true],
    [429, true],
    [400, false],
    [404, false],
    [410, false],
  ])("an answer %i throws, retryable: %s", async (status, retryable) => {
    const { loginId } = await seedLoginWithAdministrations(env);
    const event = await buildLoginEvent(loginId, "oauth_login.error");
    receiver.answer.status = status;
    const e: NotificationError = await sendWebhookNotification(event, {
      url: receiver.url,
      secret: SECRET,
      trusted: false,
    }).then(
      () => {
        throw new Error("sent");
      },
      (err) => err,
    );
    expect(e).toMatchObject({ channel: "webhook", code: "webhook_status", retryable, values: { status } });
    expect(isRetryable(e)).toBe(retryable);
    expect(receiver.hooks).toHaveLength(1);
  });

  test("a redirect is not followed (and not retried); a refused port is retried", async () => {
    const { loginId } = await seedLoginWithAdministrations(env);
    const event = await buildLoginEvent(loginId, "oauth_login.error");
    receiver.answer.status = 302;
    receiver.answer.location = "/elsewhere";
    await expect(
      sendWebhookNotification(event, { url: receiver.url, secret: SECRET, trusted: false }),
    ).rejects.toMatchObject({
      code: "webhook_redirected",
      retryable: false,
    });
    expect(receiver.hooks.map((h) => h.path)).toEqual(["/hooks/koppeling?channel=ops"]);

    const gone = await startWebhookReceiver();
    await gone.close();
    const e = await sendWebhookNotification(event, { url: gone.url, secret: SECRET, trusted: false }).catch(
      (err) => err,
    );
    expect(e).toMatchObject({
      code: "webhook_unreachable",
      retryable: true,
      values: { host: `127.0.0.1:${gone.port}` },
    });
    expect(isRetryable(e)).toBe(true);
  });

  test("empty fields mean NOTIFY_WEBHOOK_URL and NOTIFY_WEBHOOK_SECRET; nothing configured sends nothing", async () => {
    const { loginId } = await seedLoginWithAdministrations(env, { status: "active", lastError: null });
    expect(await deliverLoginNotification({ loginId, event: "oauth_login.recovered", channel: "webhook" })).toBeNull();
    process.env.NOTIFY_WEBHOOK_URL = receiver.url;
    // A URL without a secret is not sent unsigned.
    expect(await deliverLoginNotification({ loginId, event: "oauth_login.recovered", channel: "webhook" })).toBeNull();
    expect(receiver.hooks).toHaveLength(0);
    process.env.NOTIFY_WEBHOOK_SECRET = SECRET;
    await deliverLoginNotification({ loginId, event: "oauth_login.recovered", channel: "webhook" });
    expect(receiver.hooks).toHaveLength(1);
    expect(receiver.hooks[0].headers["x-koppeling-event"]).toBe("oauth_login.recovered");
    expect(signatureMatches(SECRET, receiver.hooks[0].body, receiver.hooks[0].headers["x-koppeling-signature"])).toBe(
      true,
    );
  });
});

describe("an environment's webhook cannot reach inside", () => {
  const refusedTo = (e: unknown) => e as NotificationError;

  test("saved: loopback, link-local, metadata and unspecified addresses and names are refused on the URL's field; private ones pass", async () => {
    restoreEnv();
    restoreEnv = withEnv({ WEBHOOK_ALLOWED_HOSTS: "", NOTIFY_WEBHOOK_SECRET: undefined });
    const before = await getDb().select().from(environments).where(eq(environments.id, env));
    for (const [url, code] of [
      ["http://169.254.169.254/latest/meta-data/", "webhook_refused_metadata"],
      ["http://metadata.google.internal/computeMetadata/v1/", "webhook_refused_metadata"],
      ["http://127.0.0.1:9200/", "webhook_refused_loopback"],
      ["http://localhost:9200/_cat", "webhook_refused_loopback"],
      ["http://[::ffff:127.0.0.1]:9200/", "webhook_refused_loopback"],
      ["http://169.254.1.1/", "webhook_refused_link_local"],
      ["http://0.0.0.0:8080/", "webhook_refused_unspecified"],
    ]) {
      await expect(
        updateEnvironmentSettings(admin, env, settingsValues({ notifyWebhookUrl: url, notifyWebhookSecret: SECRET })),
        url,
      ).rejects.toMatchObject({ code, field: "notifyWebhookUrl" });
    }
    expect(await getDb().select().from(environments).where(eq(environments.id, env))).toEqual(before);
    // A receiver in a private range is a company's own: allowed, as for proxies.
    await updateEnvironmentSettings(
      admin,
      env,
      settingsValues({ notifyWebhookUrl: "https://10.1.2.3/hooks", notifyWebhookSecret: SECRET }),
    );
    // The operator allows one on purpose.
    process.env.WEBHOOK_ALLOWED_HOSTS = "127.0.0.1:9200";
    await updateEnvironmentSettings(
      admin,
      env,
      settingsValues({ notifyWebhookUrl: "http://127.0.0.1:9200/", notifyWebhookSecret: SECRET }),
    );
  });

  test("in production (DATABASE_URL set, as in these tests) the webhook must be https, a receiver on this machine aside", async () => {
    expect(process.env.DATABASE_URL).toMatch(/^postgres/);
    await expect(
      updateEnvironmentSettings(
        admin,
        env,
        settingsValues({ notifyWebhookUrl: "http://hooks.example.nl/k", notifyWebhookSecret: SECRET }),
      ),
    ).rejects.toMatchObject({ code: "webhook_https_required", field: "notifyWebhookUrl" });
  });

  test("sent: refused at connect time (a literal, and a name that resolves to loopback), not retried, nothing arrives; the operator's own URL as configured", async () => {
    restoreEnv();
    restoreEnv = withEnv({
      WEBHOOK_ALLOWED_HOSTS: "",
      NOTIFY_WEBHOOK_URL: undefined,
      NOTIFY_WEBHOOK_SECRET: undefined,
    });
    const { loginId } = await seedLoginWithAdministrations(env);
    const event = await buildLoginEvent(loginId, "oauth_login.error");
    const literal = await sendWebhookNotification(event, { url: receiver.url, secret: SECRET, trusted: false }).catch(
      refusedTo,
    );
    expect(literal).toMatchObject({ code: "webhook_refused_loopback", retryable: false });
    // A name saved while harmless that now resolves to loopback (rebinding): refused on the address connected to.
    const byName = await sendWebhookNotification(event, {
      url: receiver.url.replace("127.0.0.1", "localhost"),
      secret: SECRET,
      trusted: false,
    }).catch(refusedTo);
    expect(byName).toMatchObject({ code: "webhook_refused_loopback", retryable: false });
    expect(receiver.hooks).toHaveLength(0);
    // NOTIFY_WEBHOOK_URL is the operator's: trusted as configured.
    await sendWebhookNotification(event, { url: receiver.url, secret: SECRET, trusted: true });
    expect(receiver.hooks).toHaveLength(1);
  });

  test("koppeling_notifications_total counts what went out and what did not, by channel", async () => {
    await updateEnvironmentSettings(
      admin,
      env,
      settingsValues({ notifyWebhookUrl: receiver.url, notifyWebhookSecret: SECRET }),
    );
    const { loginId } = await seedLoginWithAdministrations(env);
    const counted = async (result: string) =>
      (await portalMetrics().notifications.get()).values.find(
        (v) => v.labels.channel === "webhook" && v.labels.result === result,
      )?.value ?? 0;
    const [sent, failed] = [await counted("sent"), await counted("failed")];
    const deliver = () =>
      deliverLoginNotification({ loginId, event: "oauth_login.error", channel: "webhook", occurredAt: new Date() });
    await deliver();
    receiver.answer.status = 503;
    await expect(deliver()).rejects.toMatchObject({ code: "webhook_status" });
    expect([(await counted("sent")) - sent, (await counted("failed")) - failed]).toEqual([1, 1]);
    expect(receiver.hooks).toHaveLength(2);
  });
});
