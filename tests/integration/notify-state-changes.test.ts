import { setTimeout as sleep } from "node:timers/promises";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { getDb, getSql } from "@/db/client";
import { auditEvents, oauthLogins } from "@/db/schema";
import { updateEnvironmentSettings } from "@/lib/data/environments";
import { getAccessToken } from "@/lib/exact/tokens/get-access-token";
import { QUEUES } from "@/lib/jobs/job-queue";
import { eventForChange, notifyStateChanges } from "@/lib/jobs/notify-state-changes";
import { startWorker, type Worker } from "@/lib/jobs/start-worker";
import { completeAuthorization, startAuthorization } from "@/lib/links/consent-round-trip";
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
  // A failed notification is tried again after a second here, not a minute.
  restoreEnv = withEnv({ SMTP_URL: smtp.url, KEEPALIVE_CRON: "0 0 1 1 *", NOTIFY_RETRY_DELAY_SECONDS: "1" });
  hooks.answer.status = 200;
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

type QueuedJob = { name: string; state: string; retry_count: number; output: { sent?: boolean } | null };

/**
 * The notification jobs (scans, e-mails, webhooks) once none is waiting, due for a retry or
 * running: what was queued and how each ended, from the queue's own table.
 */
async function settledQueue(): Promise<QueuedJob[]> {
  const until = Date.now() + 60_000;
  for (;;) {
    const jobs = await getSql()<QueuedJob[]>`
      select name, state::text as state, retry_count, output from pgboss.job
      where name in (${QUEUES.notifyScan}, ${QUEUES.notifyEmail}, ${QUEUES.notifyWebhook}) order by created_on`;
    if (!jobs.some((j) => ["created", "retry", "active"].includes(j.state))) return [...jobs];
    if (Date.now() > until) throw new Error(`notifications still under way: ${JSON.stringify(jobs)}`);
    await sleep(100);
  }
}

/**
 * Every notification the queue took was delivered, once: `mails` e-mail jobs and `webhooks`
 * webhook jobs completed as sent, none failed, and the receivers got exactly those.
 */
async function delivered(mails: number, webhooks: number) {
  const jobs = await settledQueue();
  const sent = (name: string) =>
    jobs.filter((j) => j.name === name && j.state === "completed" && j.output?.sent === true).length;
  expect(jobs.filter((j) => j.state === "failed")).toEqual([]);
  expect(sent(QUEUES.notifyEmail)).toBe(mails);
  expect(sent(QUEUES.notifyWebhook)).toBe(webhooks);
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
    // Two workers (two pg-boss instances, each with its own database sessions, as two portal
    // processes have) scan at the same moment, twice each: the change is queued once.
    const second = await startWorker();
    try {
      const other = () => notifyStateChanges(second.boss);
      const scans = await Promise.all([scan(), other(), scan(), other()]);
      expect(scans.reduce((a, b) => a + b, 0)).toBe(1);
    } finally {
      await second.stop();
    }
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

  test("a receiver that answers 503 once gets the notice again from the queue, signed the same; the e-mail goes once", async () => {
    const loginId = await linkedLogin(sim, admin, environmentId, { description: "Exact NL", ...SIM_USERS.marieke });
    hooks.answer.status = 503;
    await simControl(sim, "reset", {});
    await elapse(sim, 600);
    await expect(getAccessToken(loginId)).rejects.toMatchObject({ code: "needs_reauth" });
    expect(await scan()).toBe(1);
    // Refused once; the receiver is back before the queue's retry.
    const until = Date.now() + 30_000;
    while (hooks.hooks.length === 0 && Date.now() < until) await sleep(50);
    hooks.answer.status = 200;
    const jobs = await settledQueue();
    expect(jobs.filter((j) => j.name === QUEUES.notifyWebhook)).toEqual([
      expect.objectContaining({ state: "completed", retry_count: 1, output: { sent: true } }),
    ]);
    expect(jobs.filter((j) => j.name === QUEUES.notifyEmail)).toEqual([
      expect.objectContaining({ state: "completed", retry_count: 0, output: { sent: true } }),
    ]);
    expect(smtp.mails).toHaveLength(1);
    expect(hooks.hooks).toHaveLength(2);
    const [refused, retried] = hooks.hooks.map((h) => JSON.parse(h.body.toString("utf8")));
    expect(retried).toMatchObject({ event: "oauth_login.needs_reauth", login: { id: loginId } });
    expect(retried).toEqual(refused);
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
