// Exact's limits on its token endpoint, met through the simulator as the portal meets them:
// 200 token calls per app, user and day, and the block after 10 failed calls of an app and user
// within the hour. Neither harms the refresh token: the login must stay active, keep its
// chain, say in words why it waits, and work again once the limit is over.
import { eq } from "drizzle-orm";
import { createTranslator } from "use-intl/core";
import { beforeEach, describe, expect, test } from "vitest";
import { getDb } from "@/db/client";
import { oauthLogins } from "@/db/schema";
import { refreshTokenColumn } from "@/lib/crypto/secret-columns";
import { getAccessToken } from "@/lib/exact/tokens/get-access-token";
import { describeLoginState, type Translate } from "@/lib/i18n/describe-login-state";
import { formatAmsterdamTime } from "@/lib/i18n/format-amsterdam-time";
import nl from "@/messages/nl.json";
import type { ExactSimulator } from "@/simulator/start-exact-simulator";
import { ExactTestClient } from "@/simulator/testing/exact-test-client";
import { refreshOutcomes, simCounters } from "../support/exact-simulator";
import { linkedLogin } from "../support/linked-login";
import { makeLoginsDue } from "../support/make-logins-due";
import { type PortalWithSimulator, portalWithSimulator } from "../support/portal-with-simulator";

const world = portalWithSimulator();
let sim: ExactSimulator;
let admin: PortalWithSimulator["admin"];
let environmentId: string;
let exact: ExactTestClient;
beforeEach(() => {
  ({ sim, admin, environmentId } = world);
  exact = new ExactTestClient(sim);
});

const row = async (id: string) => (await getDb().select().from(oauthLogins).where(eq(oauthLogins.id, id)))[0];
const refreshTokenOf = async (id: string) => refreshTokenColumn.open(id, (await row(id)).refreshTokenEnc as string);
const t = createTranslator({ locale: "nl", messages: nl, timeZone: "Europe/Amsterdam" }) as unknown as Translate;
/** What the OAuth logins grid says of the login. */
const inWords = async (id: string) => {
  const r = await row(id);
  return describeLoginState(t, { ...r, status: r.status as "active" }, "nl");
};
const tokenCounts = async () => (await simCounters(sim)).token as Record<string, Record<string, number>>;

describe("200 token calls per app, user and day", () => {
  test("used up by another client of the same Exact user: the refresh waits for tomorrow, active, same chain, said why", async () => {
    // Early in Exact's day (its window starts at 00:00 UTC), so the whole test is one day.
    await exact.advanceToNext(86_400, 60);
    const loginId = await linkedLogin(sim, admin, environmentId);
    const chain = await refreshTokenOf(loginId);
    // The consent's code exchange was call 1. Another tool of the same Exact user and app
    // makes 199 more: here refreshes Exact calls too early, which rotate nothing.
    const early = await Promise.all(Array.from({ length: 199 }, () => exact.refresh(chain)));
    expect(early.map((r) => r.status)).toEqual(Array(199).fill(400));

    await makeLoginsDue(sim, [loginId]);
    await expect(getAccessToken(loginId)).rejects.toMatchObject({ code: "token_rate_limited" });
    expect((await tokenCounts()).refresh_token).toMatchObject({ too_early: 199, rate_limited: 1 });
    expect(await row(loginId)).toMatchObject({ status: "active", lastError: "token_rate_limited" });
    expect(await refreshTokenOf(loginId)).toBe(chain);
    expect(await inWords(loginId)).toMatch(
      /^Geldig tot \d+-\d+-\d{4}\. Exact Online gaf vandaag geen nieuwe tokens meer/,
    );

    // The next day at Exact: the same refresh token works.
    await exact.advanceToNext(86_400, 60);
    await getAccessToken(loginId);
    expect(await refreshOutcomes(sim)).toMatchObject({ ok: 1 });
    expect(await row(loginId)).toMatchObject({ status: "active", lastError: null });
    expect(await inWords(loginId)).toMatch(/^Geldig tot \d+-\d+-\d{4}$/);
  });
});

describe("10 failed token calls within the hour", () => {
  test("an old refresh token sent ten times blocks the app and user: the refresh waits until the hour ends, active, said until when", async () => {
    // Early in one of Exact's clock hours, so the errors and the blocked refresh share it.
    const hourEnd = (await exact.advanceToNext(3_600, 1)) - 1_000 + 3_600_000;
    const loginId = await linkedLogin(sim, admin, environmentId);
    const spent = await refreshTokenOf(loginId);
    await makeLoginsDue(sim, [loginId]);
    await getAccessToken(loginId);
    const chain = await refreshTokenOf(loginId);
    expect(chain).not.toBe(spent);
    // A copy of the portal's old refresh token (a restored backup, a second tool) is refused
    // ten times: Exact's "Old refresh token used", counted against the app and user.
    const refused = await Promise.all(Array.from({ length: 10 }, () => exact.refresh(spent)));
    expect(refused.map((r) => r.status)).toEqual(Array(10).fill(401));

    await makeLoginsDue(sim, [loginId]);
    await expect(getAccessToken(loginId)).rejects.toMatchObject({
      code: "token_error_blocked",
      values: { until: formatAmsterdamTime(hourEnd) },
    });
    expect((await tokenCounts()).refresh_token).toMatchObject({ ok: 1, old_refresh_token: 10, blocked: 1 });
    // The block is no verdict on the login: same chain, still active, the reason with its end.
    expect(await row(loginId)).toMatchObject({
      status: "active",
      lastError: "token_error_blocked",
      lastErrorValues: { until: formatAmsterdamTime(hourEnd) },
    });
    expect(await refreshTokenOf(loginId)).toBe(chain);
    expect(await inWords(loginId)).toContain(`Exact Online weigert tot ${formatAmsterdamTime(hourEnd)} nieuwe tokens`);

    // The next hour: the block is over and the kept chain refreshes.
    await exact.advanceToNext(3_600, 1);
    await getAccessToken(loginId);
    expect(await refreshOutcomes(sim)).toMatchObject({ ok: 2 });
    expect(await row(loginId)).toMatchObject({ status: "active", lastError: null, lastErrorValues: null });
  });
});
