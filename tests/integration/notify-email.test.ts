import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { getDb } from "@/db/client";
import { auditEvents, oauthLogins, users } from "@/db/schema";
import { now } from "@/lib/clock";
import { listEnvironments, updateEnvironmentSettings } from "@/lib/data/environments";
import { buildLoginEvent } from "@/lib/data/login-event";
import { notificationSettings } from "@/lib/data/notification-settings";
import { formatDate } from "@/lib/i18n/format-date";
import { deliverLoginNotification } from "@/lib/notify/deliver-login-notification";
import { isRetryable, type NotificationError } from "@/lib/notify/notification-error";
import { sendEmailNotification } from "@/lib/notify/send-email-notification";
import { seedLoginWithAdministrations, settingsValues, withEnv } from "../support/notify-world";
import { resetDatabase } from "../support/reset-database";
import { type SmtpReceiver, startSmtpReceiver } from "../support/smtp-receiver";
import { actorOf, makeUser } from "../support/users";

let smtp: SmtpReceiver;
let restoreEnv: () => void;
let env: string;
let admin: ReturnType<typeof actorOf>;
beforeAll(async () => {
  smtp = await startSmtpReceiver();
});
afterAll(async () => {
  await smtp.close();
});
beforeEach(async () => {
  process.env.ENCRYPTION_KEY ??= Buffer.alloc(32, 7).toString("base64");
  restoreEnv = withEnv({
    SMTP_URL: smtp.url,
    NOTIFY_EMAIL_FROM: "Koppeling <koppeling@qics.nl>",
    NOTIFY_EMAIL_TO: undefined,
    AUTH_URL: "https://koppeling.qics.nl",
  });
  smtp.mails.length = 0;
  smtp.refuse.clear();
  await resetDatabase();
  admin = actorOf(await makeUser("admin@example.nl", "admin"));
  env = (await listEnvironments())[0].id;
});
afterEach(() => restoreEnv());

const sentAudit = () => getDb().select().from(auditEvents).where(eq(auditEvents.action, "notification.sent"));

describe("e-mail notifications over a real SMTP server", () => {
  test("needs_reauth: Dutch by default, English for a portal user who chose English; the words, names, divisions and link; never a secret", async () => {
    const english = await makeUser("eng@example.nl");
    await getDb().update(users).set({ locale: "en" }).where(eq(users.id, english.id));
    await updateEnvironmentSettings(admin, env, settingsValues({ notifyEmailTo: "beheer@qics.nl; ENG@example.nl" }));
    const { loginId, secrets } = await seedLoginWithAdministrations(env);

    const receipt = await deliverLoginNotification({ loginId, event: "oauth_login.needs_reauth", channel: "email" });
    expect(receipt).toEqual({ channel: "email", recipients: 2 });
    expect(smtp.mails).toHaveLength(2);
    const nl = smtp.mails.find((m) => m.to.includes("beheer@qics.nl"));
    const en = smtp.mails.find((m) => m.to.includes("ENG@example.nl"));
    if (!nl || !en) throw new Error("a recipient got nothing");
    expect(nl.to).toEqual(["beheer@qics.nl"]);
    expect(nl.from).toBe("koppeling@qics.nl");
    expect(nl.user).toBe("mailer");
    expect(nl.headers["x-koppeling-event"]).toBe("oauth_login.needs_reauth");

    expect(nl.subject).toBe("[Koppeling Productie] OAuth login Exact NL moet opnieuw worden geautoriseerd");
    expect(nl.text).toContain(
      "OAuth login Exact NL moet opnieuw worden geautoriseerd: Het token is verlopen; autoriseer opnieuw.",
    );
    expect(nl.text).toContain("Omgeving: Productie");
    expect(nl.text).toContain("- ONLINE: 1 - Qics BV (Exact-divisie 12345), 2 - Qics Holding");
    expect(nl.text).not.toContain("OTHER");
    expect(nl.text).not.toContain("Elders BV");
    const link = `https://koppeling.qics.nl/system/oauth-logins?login=${loginId}`;
    expect(nl.text).toContain(`Opnieuw autoriseren: ${link}`);
    expect(nl.html).toContain(`href="${link}"`);

    expect(en.subject).toBe("[Koppeling Productie] OAuth login Exact NL needs re-authorization");
    expect(en.text).toContain(
      "OAuth login Exact NL needs to be authorized again: The token has expired; re-authorize.",
    );
    expect(en.text).toContain("- ONLINE: 1 - Qics BV (Exact division 12345), 2 - Qics Holding");
    expect(en.text).toContain(`Authorize again: ${link}`);

    for (const mail of smtp.mails) {
      for (const secret of [...secrets, "smtp-pass-123"]) expect(mail.raw).not.toContain(secret);
    }
    const [audit] = await sentAudit();
    expect(audit).toMatchObject({
      entityType: "oauth_login",
      entityId: loginId,
      environmentId: env,
      actorUserId: null,
    });
    expect(audit.detail).toEqual({
      event: "oauth_login.needs_reauth",
      description: "Exact NL",
      status: "needs_reauth",
      channel: "email",
      recipients: 2,
    });
  });

  test("expiring: an active login within the warning days is expiring, with its date as the portal writes it", async () => {
    await updateEnvironmentSettings(admin, env, settingsValues({ notifyEmailTo: "beheer@qics.nl" }));
    const expires = new Date(now().getTime() + 3 * 24 * 3600_000);
    const { loginId } = await seedLoginWithAdministrations(env, {
      status: "active",
      lastError: null,
      loginExpiresAt: expires,
    });
    const event = await buildLoginEvent(loginId, "oauth_login.expiring");
    expect(event.login).toMatchObject({ status: "expiring", reason: null, expiresAt: expires.toISOString() });
    await deliverLoginNotification({ loginId, event: "oauth_login.expiring", channel: "email" });
    const [mail] = smtp.mails;
    expect(mail.subject).toBe(`[Koppeling Productie] OAuth login Exact NL verloopt op ${formatDate(expires, "nl")}`);
    expect(mail.text).toMatch(/^OAuth login Exact NL verloopt op \d{1,2}-\d{1,2}-\d{4}\./);
    expect(mail.text).toContain("Status: Verloopt binnenkort");
  });

  test("an empty recipients field means NOTIFY_EMAIL_TO; recovered says it works again", async () => {
    // Put back after the test by the withEnv of beforeEach.
    process.env.NOTIFY_EMAIL_TO = "ops@qics.nl, noc@qics.nl";
    const { loginId } = await seedLoginWithAdministrations(env, { status: "active", lastError: null });
    expect(await deliverLoginNotification({ loginId, event: "oauth_login.recovered", channel: "email" })).toEqual({
      channel: "email",
      recipients: 2,
    });
    expect(smtp.mails.map((m) => m.to)).toEqual([["ops@qics.nl", "noc@qics.nl"]]);
    expect(smtp.mails[0].text).toContain("OAuth login Exact NL werkt weer.");
  });

  test("without SMTP_URL, or without recipients, nothing is sent and nothing is audited", async () => {
    const { loginId } = await seedLoginWithAdministrations(env);
    expect(await deliverLoginNotification({ loginId, event: "oauth_login.error", channel: "email" })).toBeNull();
    await updateEnvironmentSettings(admin, env, settingsValues({ notifyEmailTo: "beheer@qics.nl" }));
    delete process.env.SMTP_URL;
    expect((await notificationSettings(env)).email).toBeNull();
    expect(await deliverLoginNotification({ loginId, event: "oauth_login.error", channel: "email" })).toBeNull();
    expect(smtp.mails).toHaveLength(0);
    expect(await sentAudit()).toHaveLength(0);
  });

  test("a refused recipient or sign-in is not retried; an SMTP server that is down is", async () => {
    const { loginId } = await seedLoginWithAdministrations(env);
    const event = await buildLoginEvent(loginId, "oauth_login.error");
    const email = { to: ["weg@qics.nl"], from: "koppeling@qics.nl", transportUrl: smtp.url };
    const failure = (settings: typeof email) =>
      sendEmailNotification(event, settings).then(
        () => {
          throw new Error("sent");
        },
        (e: NotificationError) => e,
      );

    smtp.refuse.add("weg@qics.nl");
    const refused = await failure(email);
    expect(refused).toMatchObject({
      channel: "email",
      code: "smtp_refused",
      retryable: false,
      values: { status: 550 },
    });
    expect(isRetryable(refused)).toBe(false);

    const wrongPassword = await failure({ ...email, transportUrl: smtp.url.replace("smtp-pass-123", "wrong") });
    expect(wrongPassword).toMatchObject({ code: "smtp_auth_failed", retryable: false });

    const down = await startSmtpReceiver();
    await down.close();
    const unreachable = await failure({ ...email, transportUrl: down.url });
    expect(unreachable).toMatchObject({ code: "smtp_unreachable", retryable: true });
    expect(isRetryable(unreachable)).toBe(true);
    expect(await failure({ ...email, transportUrl: "http://mail.qics.nl" })).toMatchObject({
      code: "smtp_url_invalid",
      retryable: false,
    });
    for (const e of [refused, wrongPassword, unreachable]) expect(e.message).not.toContain("smtp-pass-123");
    expect(smtp.mails).toHaveLength(0);
  });

  test("buildLoginEvent reads no token or password, and refuses an unknown login", async () => {
    const { loginId, secrets } = await seedLoginWithAdministrations(env);
    const event = await buildLoginEvent(loginId, "oauth_login.needs_reauth", new Date("2026-01-02T03:04:05Z"));
    expect(event.occurredAt).toBe("2026-01-02T03:04:05.000Z");
    expect(event.administrations.map((a) => [a.description, a.divisions.map((d) => d.code)])).toEqual([
      ["ONLINE", ["1", "2"]],
    ]);
    for (const secret of secrets) expect(JSON.stringify(event)).not.toContain(secret);
    await getDb().delete(oauthLogins).where(eq(oauthLogins.id, loginId));
    await expect(buildLoginEvent(loginId, "oauth_login.error")).rejects.toMatchObject({
      code: "oauth_login_not_found",
    });
  });
});
