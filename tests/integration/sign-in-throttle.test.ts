import { eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, test } from "vitest";
import { getDb } from "@/db/client";
import { signInThrottle } from "@/db/schema";
import { ADDRESS_LIMIT, FREE_FAILURES, MAX_DELAY_SECONDS, THROTTLE_WINDOW_MS } from "@/lib/data/sign-in-throttle";
import { verifyCredentials } from "@/lib/guards/verify-credentials";
import { warmPool } from "../support/pool";
import { resetDatabase } from "../support/reset-database";
import { failuresOf, makeUser, PASSWORD, userRow } from "../support/users";

beforeEach(resetDatabase);

const wrong = (email: string, address: string | null = null) =>
  verifyCredentials({ email, password: "wrong-password" }, address);
const right = (email = "ann@example.nl", address: string | null = null) =>
  verifyCredentials({ email, password: PASSWORD }, address);

async function failTimes(n: number, email: string, address: string | null = null) {
  for (let i = 0; i < n; i++) expect(await wrong(email, address)).toMatchObject({ reason: "invalid" });
}

/** As if the last failure of `key` had been `seconds` ago. */
async function lastFailureAgo(key: string, seconds: number) {
  await getDb()
    .update(signInThrottle)
    .set({ lastFailureAt: sql`now() - ${`${seconds} seconds`}::interval` })
    .where(eq(signInThrottle.key, key));
}

const throttleRow = async (key: string) =>
  (await getDb().select().from(signInThrottle).where(eq(signInThrottle.key, key)))[0];

describe("sign-in throttling per e-mail: slowed down, never locked", () => {
  test(`after ${FREE_FAILURES} failures even the right password waits; other e-mails do not`, async () => {
    const user = await makeUser("ann@example.nl");
    await makeUser("bob@example.nl");
    await failTimes(FREE_FAILURES - 1, "ann@example.nl");
    await failTimes(1, "ANN@example.nl"); // another spelling of the same address counts too
    expect(await failuresOf("email:ann@example.nl")).toBe(FREE_FAILURES);
    const result = await right();
    expect(result).toMatchObject({ ok: false, reason: "throttled" });
    expect(result.ok === false && result.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(result.ok === false && result.retryAfterSeconds).toBeLessThanOrEqual(2);
    expect((await userRow(user.id)).lastSignInAt).toBeNull();
    expect(await right("bob@example.nl")).toMatchObject({ ok: true });
  });

  test(`${FREE_FAILURES - 1} failures still let the right password in at once`, async () => {
    await makeUser("ann@example.nl");
    await failTimes(FREE_FAILURES - 1, "ann@example.nl");
    expect(await right()).toMatchObject({ ok: true });
  });

  test("however many failures, the right password gets in once the delay (a minute at most) is over", async () => {
    await makeUser("ann@example.nl");
    for (let i = 0; i < 12; i++) {
      expect(await wrong("ann@example.nl")).toMatchObject({ reason: "invalid" });
      await lastFailureAgo("email:ann@example.nl", MAX_DELAY_SECONDS); // someone fails on purpose, patiently
    }
    expect(await failuresOf("email:ann@example.nl")).toBe(12);
    await getDb()
      .update(signInThrottle)
      .set({ lastFailureAt: sql`now()` })
      .where(eq(signInThrottle.key, "email:ann@example.nl"));
    expect(await right()).toMatchObject({ ok: false, reason: "throttled", retryAfterSeconds: MAX_DELAY_SECONDS });
    await lastFailureAgo("email:ann@example.nl", MAX_DELAY_SECONDS);
    expect(await right()).toMatchObject({ ok: true });
    expect(await failuresOf("email:ann@example.nl")).toBeUndefined();
  });

  test("attempts refused while waiting are not counted and do not make the wait longer", async () => {
    await makeUser("ann@example.nl");
    await failTimes(FREE_FAILURES, "ann@example.nl");
    const before = await throttleRow("email:ann@example.nl");
    for (let i = 0; i < 10; i++) expect(await wrong("ann@example.nl")).toMatchObject({ reason: "throttled" });
    expect(await throttleRow("email:ann@example.nl")).toEqual(before);
  });

  test("the wait doubles with each further failure", async () => {
    await makeUser("ann@example.nl");
    await failTimes(FREE_FAILURES, "ann@example.nl");
    const waits: number[] = [];
    for (let i = 0; i < 3; i++) {
      await lastFailureAgo("email:ann@example.nl", MAX_DELAY_SECONDS);
      expect(await wrong("ann@example.nl")).toMatchObject({ reason: "invalid" });
      const refused = await right();
      waits.push(refused.ok ? 0 : (refused.retryAfterSeconds ?? 0));
    }
    expect(waits).toEqual([4, 8, 16]);
  });

  test("a successful sign-in clears the e-mail's failures, not the address's", async () => {
    await makeUser("ann@example.nl");
    await failTimes(2, "ann@example.nl", "198.51.100.1");
    expect(await right("ann@example.nl", "198.51.100.1")).toMatchObject({ ok: true });
    expect(await failuresOf("email:ann@example.nl")).toBeUndefined();
    expect(await failuresOf("address:198.51.100.1")).toBe(2);
    // The count starts again.
    await failTimes(FREE_FAILURES - 1, "ann@example.nl");
    expect(await right()).toMatchObject({ ok: true });
  });

  test("15 minutes after the last failure counting starts again", async () => {
    await makeUser("ann@example.nl");
    await failTimes(FREE_FAILURES, "ann@example.nl");
    expect(await right()).toMatchObject({ reason: "throttled" });
    await lastFailureAgo("email:ann@example.nl", THROTTLE_WINDOW_MS / 1000 + 60);
    await failTimes(1, "ann@example.nl");
    expect(await failuresOf("email:ann@example.nl")).toBe(1);
    expect(await right()).toMatchObject({ ok: true });
  });
});

describe("sign-in throttling per client address", () => {
  test(`${ADDRESS_LIMIT} failures from one address, spread over e-mails, lock that address out`, async () => {
    await makeUser("victim@example.nl");
    const address = "192.0.2.44";
    const perEmail = FREE_FAILURES - 1; // never enough to slow an e-mail down
    const emails = Array.from({ length: ADDRESS_LIMIT / perEmail }, (_, i) => `guess${i}@example.nl`);
    await Promise.all(emails.map((e) => failTimes(perEmail, e, address)));
    expect(await failuresOf(`address:${address}`)).toBe(ADDRESS_LIMIT);
    for (const e of emails) expect(await failuresOf(`email:${e}`)).toBe(perEmail);
    expect(await right("victim@example.nl", address)).toMatchObject({ ok: false, reason: "throttled" });
    // The same person from another address is let in.
    expect(await right("victim@example.nl", "192.0.2.45")).toMatchObject({ ok: true });
  });
});

describe("guesses at once, and old rows", () => {
  // Attempts are counted before the (slow) password check, so guesses sent at the same
  // moment cannot all pass the check.
  test(`parallel guesses get no more than ${FREE_FAILURES} password checks; those checked are counted`, async () => {
    await makeUser("ann@example.nl");
    await warmPool();
    const results = await Promise.all(Array.from({ length: 20 }, () => wrong("ann@example.nl", "192.0.2.9")));
    const checked = results.filter((r) => !r.ok && r.reason === "invalid").length;
    expect(checked).toBe(FREE_FAILURES);
    expect(await failuresOf("email:ann@example.nl")).toBe(FREE_FAILURES);
  });

  test("rows nobody failed on for 15 minutes are pruned at the next attempt", async () => {
    await failTimes(2, "old@example.nl", "192.0.2.1");
    await failTimes(1, "recent@example.nl");
    for (const key of ["email:old@example.nl", "address:192.0.2.1"]) {
      await lastFailureAgo(key, THROTTLE_WINDOW_MS / 1000 + 1);
    }
    await failTimes(1, "someone@example.nl");
    const keys = (await getDb().select({ key: signInThrottle.key }).from(signInThrottle)).map((r) => r.key).sort();
    expect(keys).toEqual(["email:recent@example.nl", "email:someone@example.nl"]);
  });
});
