import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, test } from "vitest";
import { getDb } from "@/db/client";
import { auditEvents, signInThrottle, userSessions, users } from "@/db/schema";
import { verifyCredentials } from "@/lib/guards/verify-credentials";
import { resetDatabase } from "../support/reset-database";
import { auditFor, failuresOf, makeUser, PASSWORD, userRow } from "../support/users";

beforeEach(resetDatabase);

const ADDRESS = "203.0.113.7";

describe("verifyCredentials", () => {
  test("the right password signs in, in any e-mail spelling, and sets last_sign_in_at", async () => {
    const user = await makeUser("ann@example.nl");
    expect((await userRow(user.id)).lastSignInAt).toBeNull();
    const before = Date.now();
    const result = await verifyCredentials({ email: "  ANN@Example.nl ", password: PASSWORD }, ADDRESS);
    expect(result).toEqual({
      ok: true,
      user: { id: user.id, email: "ann@example.nl", name: "ann" },
      sessionId: expect.any(String),
    });
    const at = (await userRow(user.id)).lastSignInAt;
    expect(at?.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(await getDb().select().from(signInThrottle)).toEqual([]);
    // A live server-side session, and the sign-in in the audit log with the client address.
    const [session] = await getDb().select().from(userSessions);
    expect(session).toMatchObject({ id: result.ok && result.sessionId, userId: user.id, endedAt: null });
    expect(await auditFor(user.id)).toContainEqual(
      expect.objectContaining({
        action: "user.signed_in",
        actorUserId: user.id,
        detail: { email: "ann@example.nl", address: ADDRESS },
      }),
    );
  });

  test("a wrong password is invalid and counted for the e-mail and the address", async () => {
    const user = await makeUser("ann@example.nl");
    expect(await verifyCredentials({ email: "ann@example.nl", password: "wrong-password" }, ADDRESS)).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await failuresOf("email:ann@example.nl")).toBe(1);
    expect(await failuresOf(`address:${ADDRESS}`)).toBe(1);
    expect((await userRow(user.id)).lastSignInAt).toBeNull();
    expect(await getDb().select().from(userSessions)).toEqual([]);
    // Audited with the e-mail typed and the client address; no actor, never the password.
    const failed = await getDb().select().from(auditEvents).where(eq(auditEvents.action, "user.sign_in_failed"));
    expect(failed).toEqual([
      expect.objectContaining({
        actorUserId: null,
        actorEmail: "ann@example.nl",
        entityId: user.id,
        detail: { email: "ann@example.nl", address: ADDRESS },
      }),
    ]);
    expect(JSON.stringify(failed)).not.toContain("wrong-password");
  });

  test("an unknown e-mail is invalid, the same answer as a wrong password, and counted", async () => {
    await makeUser("ann@example.nl");
    expect(await verifyCredentials({ email: "nobody@example.nl", password: PASSWORD }, null)).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await failuresOf("email:nobody@example.nl")).toBe(1);
    const [failed] = await getDb().select().from(auditEvents).where(eq(auditEvents.action, "user.sign_in_failed"));
    expect(failed).toMatchObject({ entityId: null, detail: { email: "nobody@example.nl", address: null } });
  });

  test("a disabled user is refused even with the right password, and told the account is blocked", async () => {
    const user = await makeUser("ann@example.nl");
    await getDb().update(users).set({ disabled: true }).where(eq(users.id, user.id));
    expect(await verifyCredentials({ email: "ann@example.nl", password: PASSWORD }, ADDRESS)).toEqual({
      ok: false,
      reason: "blocked",
    });
    expect((await userRow(user.id)).lastSignInAt).toBeNull();
    expect(await failuresOf("email:ann@example.nl")).toBe(1);
  });

  test("a disabled user with a wrong password learns nothing about the block", async () => {
    const user = await makeUser("bob@example.nl");
    await getDb().update(users).set({ disabled: true }).where(eq(users.id, user.id));
    expect(await verifyCredentials({ email: "bob@example.nl", password: "not-the-password" }, ADDRESS)).toEqual({
      ok: false,
      reason: "invalid",
    });
  });

  test.each([
    ["no input", undefined],
    ["no password", { email: "ann@example.nl" }],
    ["a non-string password", { email: "ann@example.nl", password: 123 }],
    ["a malformed e-mail", { email: "ann", password: PASSWORD }],
  ])("%s is invalid without touching the database", async (_name, raw) => {
    const user = await makeUser("ann@example.nl");
    expect(await verifyCredentials(raw, ADDRESS)).toEqual({ ok: false, reason: "invalid" });
    expect((await userRow(user.id)).lastSignInAt).toBeNull();
    expect(await getDb().select().from(signInThrottle)).toEqual([]);
  });
});
