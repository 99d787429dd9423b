import { setTimeout as sleep } from "node:timers/promises";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { getDb, getSql } from "@/db/client";
import { auditEvents, oauthLogins } from "@/db/schema";
import { updateEnvironmentSettings } from "@/lib/data/environments";
import { completeAuthorization, startAuthorization } from "@/lib/exact/consent-round-trip";
import { getAccessToken } from "@/lib/exact/tokens/get-access-token";
import { eventForChange, notifyStateChanges } from "@/lib/jobs/notify-state-changes";
import { startWorker, type Worker } from "@/lib/jobs/start-worker";
import type { ExactSimulator } from "@/simulator/start-exact-simulator";
import { consentInExact, elapse, SIM_USERS, simControl } from "../support/exact-simulator";
import { linkedLogin } from "../support/linked-login";
import { settingsValues, withEnv } from "../support/notify-world";
import { type PortalWithSimulator, portalWithSimulator } from "../support/portal-with-simulator";
import { type SmtpReceiver, startSmtpReceiver } from "../support/smtp-receiver";
import { signatureMatches, startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver";

// Notifications go out once per change of a login's state, through the job queue, by e-mail
// to a real SMTP server and to a real HTTP receiver, signed.

const SECRET = "webhook-secret-0123456789";
const world = portalWithSimulator();
let sim: ExactSimulator;
let admin: PortalWithSimulator["admin"];
let environmentId: string;
let smtp: SmtpReceiver;
let hooks: WebhookReceiver;
let worker: Worker | undefined;
let restoreEnv: () => void;

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  hooks = await startWebhookReceiver();
});
afterAll(async () => {
  await smtp.close();
  await hooks.close();
});
beforeEach(async () => {
  ({ sim, admin, environmentId } = world);
  smtp.mails.length = 0;
  hooks.hooks.length = 0;
  // No keep-alive run may come in between: these tests make the changes themselves.
  restoreEnv = withEnv({ SMTP_URL: smtp.url, KEEPALIVE_CRON: "0 0 1 1 *" });
  await updateEnvironmentSettings(
    admin,
    environmentId,
    settingsValues({ notifyEmailTo: "teamlead@example.nl", notifyWebhookUrl: hooks.url, notifyWebhookSecret: SECRET }),
  );
  await getSql()`drop schema if exists pgboss cascade`;
  worker = await startWorker();
});
afterEach(async () => {
  await worker?.stop();
  restoreEnv();
});

async function delivered(mails: number, webhooks: number) {
  const until = Date.now() + 30_000;
  while (Date.now() < until && (smtp.mails.length < mails || hooks.hooks.length < webhooks)) await sleep(200);
  // And nothing more comes after a pause.
  await sleep(2_000);
  expect(smtp.mails).toHaveLength(mails);
  expect(hooks.hooks).toHaveLength(webhooks);
}

const lastHook = () => JSON.parse(hooks.hooks.at(-1)?.body.toString() ?? "{}");
const scan = () => notifyStateChanges((worker as Worker).boss);

describe("which change is news", () => {
  test.each([
    [null, "active", null],
    [null, "needs_reauth", "oauth_login.needs_reauth"],
    ["active", "expiring", "oauth_login.expiring"],
    ["expiring", "needs_reauth", "oauth_login.needs_reauth"],
    ["needs_reauth", "active", "oauth_login.recovered"],
    ["error", "active", "oauth_login.recovered"],
    ["active", "active", null],
    ["needs_reauth", "pending", null],
  ] as const)("%s → %s: %s", (before, current, event) => {
    expect(eventForChange(before, current)).toBe(event);
  });
});

describe("notifications through the queue", () => {
  test("a login whose refresh meets a dead answer: one e-mail and one signed webhook, however often it is scanned; re-authorized: one 'recovered' each", async () => {
    const loginId = await linkedLogin(sim, admin, environmentId, { description: "Exact NL", ...SIM_USERS.marieke });
    expect(await scan()).toBe(0);

    // Exact forgets the chain: the next refresh is refused for good.
    await simControl(sim, "reset", {});
    await elapse(sim, 600);
    await expect(getAccessToken(loginId)).rejects.toMatchObject({ code: "needs_reauth" });
    const scans = await Promise.all([scan(), scan(), scan()]);
    expect(scans.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await scan()).toBe(0);
    await delivered(1, 1);

    const [mail] = smtp.mails;
    expect(mail.to).toEqual(["teamlead@example.nl"]);
    expect(mail.subject).toContain("OAuth login Exact NL moet opnieuw worden geautoriseerd");
    expect(mail.text).toContain("Exact Online kent het token niet meer");
    const [hook] = hooks.hooks;
    expect(hook.headers["x-koppeling-event"]).toBe("oauth_login.needs_reauth");
    expect(signatureMatches(SECRET, hook.body, hook.headers["x-koppeling-signature"])).toBe(true);
    expect(lastHook()).toMatchObject({
      event: "oauth_login.needs_reauth",
      login: { id: loginId, description: "Exact NL", status: "needs_reauth", reason: "refresh_token_invalid" },
    });
    const audited = await getDb().select().from(auditEvents).where(eq(auditEvents.action, "notification.sent"));
    expect(audited).toHaveLength(2);
    const [row] = await getDb().select().from(oauthLogins).where(eq(oauthLogins.id, loginId));
    expect(row.notifiedStatus).toBe("needs_reauth");

    // Re-authorized by a person: recovered, once.
    const callback = await consentInExact(sim, await startAuthorization(admin, environmentId, loginId, true));
    await completeAuthorization(admin, callback);
    expect(await scan()).toBe(1);
    expect(await scan()).toBe(0);
    await delivered(2, 2);
    expect(smtp.mails[1].subject).toContain("OAuth login Exact NL werkt weer");
    expect(lastHook()).toMatchObject({ event: "oauth_login.recovered", login: { status: "active" } });
    expect(signatureMatches(SECRET, hooks.hooks[1].body, hooks.hooks[1].headers["x-koppeling-signature"])).toBe(true);
  }, 90_000);

  test("thirty idle days without the keep-alive: Exact's refresh token expires, and that is announced", async () => {
    const loginId = await linkedLogin(sim, admin, environmentId, { description: "Exact NL", ...SIM_USERS.marieke });
    expect(await scan()).toBe(0);
    await elapse(sim, 31 * 24 * 3600);
    await expect(getAccessToken(loginId)).rejects.toMatchObject({ code: "needs_reauth" });
    expect(await scan()).toBe(1);
    await delivered(1, 1);
    expect(smtp.mails[0].text).toContain("Het token is verlopen");
    expect(lastHook()).toMatchObject({ event: "oauth_login.needs_reauth", login: { reason: "refresh_token_expired" } });
  }, 60_000);

  test("a login entering the warning window is announced as expiring, once", async () => {
    const loginId = await linkedLogin(sim, admin, environmentId, { description: "Exact NL", ...SIM_USERS.marieke });
    expect(await scan()).toBe(0);
    await getSql()`update oauth_logins set login_expires_at = now() + interval '3 days' where id = ${loginId}`;
    expect(await scan()).toBe(1);
    expect(await scan()).toBe(0);
    await delivered(1, 1);
    expect(lastHook()).toMatchObject({ event: "oauth_login.expiring", login: { status: "expiring" } });
  }, 60_000);
});
