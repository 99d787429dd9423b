import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, test } from "vitest";
import { getDb } from "@/db/client";
import { signInThrottle } from "@/db/schema";
import { LIMITS, THROTTLE_WINDOW_MS } from "@/lib/auth/sign-in-throttle";
import { verifyCredentials } from "@/lib/auth/verify-credentials";
import { warmPool } from "../support/pool";
import { resetDatabase } from "../support/reset-database";
import { failuresOf, makeUser, PASSWORD, userRow } from "../support/users";

beforeEach(resetDatabase);

const wrong = (email: string, address: string | null = null) =>
  verifyCredentials({ email, password: "wrong-password" }, address);

async function failTimes(n: number, email: string, address: string | null = null) {
  for (let i = 0; i < n; i++) expect(await wrong(email, address)).toMatchObject({ reason: "invalid" });
}

describe("sign-in throttling", () => {
  test(`after ${LIMITS.email} failures for one e-mail even the right password is refused as throttled`, async () => {
    const user = await makeUser("ann@example.nl");
    await makeUser("bob@example.nl");
    await failTimes(LIMITS.email - 1, "ann@example.nl");
    await failTimes(1, "ANN@example.nl"); // another spelling of the same address counts too
    expect(await failuresOf("email:ann@example.nl")).toBe(LIMITS.email);
    const result = await verifyCredentials({ email: "ann@example.nl", password: PASSWORD }, null);
    expect(result).toMatchObject({ ok: false, reason: "throttled" });
    expect(result.ok === false && result.retryAfterSeconds).toBeGreaterThan(14 * 60);
    expect((await userRow(user.id)).lastSignInAt).toBeNull();
    // Other e-mails are not affected.
    expect(await verifyCredentials({ email: "bob@example.nl", password: PASSWORD }, null)).toMatchObject({ ok: true });
  });

  test(`${LIMITS.email - 1} failures still let the right password in`, async () => {
    await makeUser("ann@example.nl");
    await failTimes(LIMITS.email - 1, "ann@example.nl");
    expect(await verifyCredentials({ email: "ann@example.nl", password: PASSWORD }, null)).toMatchObject({ ok: true });
  });

  test("a successful sign-in clears the e-mail's failures, not the address's", async () => {
    await makeUser("ann@example.nl");
    await failTimes(3, "ann@example.nl", "198.51.100.1");
    expect(await verifyCredentials({ email: "ann@example.nl", password: PASSWORD }, "198.51.100.1")).toMatchObject({
      ok: true,
    });
    expect(await failuresOf("email:ann@example.nl")).toBeUndefined();
    expect(await failuresOf("address:198.51.100.1")).toBe(3);
    // The count starts again: four more failures do not lock Ann out.
    await failTimes(LIMITS.email - 1, "ann@example.nl");
    expect(await verifyCredentials({ email: "ann@example.nl", password: PASSWORD }, null)).toMatchObject({ ok: true });
  });

  test(`${LIMITS.address} failures from one address, spread over e-mails, lock that address out`, async () => {
    await makeUser("victim@example.nl");
    const address = "192.0.2.44";
    const perEmail = LIMITS.email - 1; // never enough to lock an e-mail by itself
    const emails = Array.from({ length: LIMITS.address / perEmail }, (_, i) => `guess${i}@example.nl`);
    await Promise.all(emails.map((e) => failTimes(perEmail, e, address)));
    expect(await failuresOf(`address:${address}`)).toBe(LIMITS.address);
    for (const e of emails) expect(await failuresOf(`email:${e}`)).toBe(perEmail);

    const right = { email: "victim@example.nl", password: PASSWORD };
    expect(await verifyCredentials(right, address)).toMatchObject({ ok: false, reason: "throttled" });
    // The same person from another address is let in.
    expect(await verifyCredentials(right, "192.0.2.45")).toMatchObject({ ok: true });
  });

  test("once the 15-minute window is over the lock is lifted and counting starts again", async () => {
    await makeUser("ann@example.nl");
    await failTimes(LIMITS.email, "ann@example.nl");
    const right = { email: "ann@example.nl", password: PASSWORD };
    expect(await verifyCredentials(right, null)).toMatchObject({ reason: "throttled" });
    await getDb()
      .update(signInThrottle)
      .set({ windowStartedAt: new Date(Date.now() - THROTTLE_WINDOW_MS - 60_000) })
      .where(eq(signInThrottle.key, "email:ann@example.nl"));
    await failTimes(1, "ann@example.nl");
    expect(await failuresOf("email:ann@example.nl")).toBe(1);
    expect(await verifyCredentials(right, null)).toMatchObject({ ok: true });
  });

  test("concurrent failures are all counted", async () => {
    await makeUser("ann@example.nl");
    await warmPool();
    const results = await Promise.all(Array.from({ length: 4 }, () => wrong("ann@example.nl", "192.0.2.9")));
    const invalid = results.filter((r) => !r.ok && r.reason === "invalid").length;
    expect(invalid).toBe(4);
    expect(await failuresOf("email:ann@example.nl")).toBe(invalid);
    expect(await failuresOf("address:192.0.2.9")).toBe(invalid);
  });

  test("concurrent failures beyond the limit: every attempt is counted, at most the limit is checked", async () => {
    await makeUser("ann@example.nl");
    await warmPool();
    const results = await Promise.all(Array.from({ length: 12 }, () => wrong("ann@example.nl")));
    const invalid = results.filter((r) => !r.ok && r.reason === "invalid").length;
    expect(invalid).toBe(LIMITS.email);
    expect(await failuresOf("email:ann@example.nl")).toBe(12);
    expect(await verifyCredentials({ email: "ann@example.nl", password: PASSWORD }, null)).toMatchObject({
      reason: "throttled",
    });
  });

  // Attempts are counted before the (slow) password check, so guesses sent at the same
  // moment cannot all pass the check.
  test(`parallel guesses get no more than ${LIMITS.email} password checks`, async () => {
    await makeUser("ann@example.nl");
    await warmPool();
    const results = await Promise.all(Array.from({ length: 20 }, () => wrong("ann@example.nl")));
    const checked = results.filter((r) => !r.ok && r.reason === "invalid").length;
    expect(checked).toBeLessThanOrEqual(LIMITS.email);
  });
});
