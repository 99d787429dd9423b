import { beforeEach, describe, expect, test } from "vitest";
import { verifyPassword } from "@/lib/auth/password";
import { FREE_FAILURES } from "@/lib/data/sign-in-throttle";
import { changeOwnPassword, resetUserPassword } from "@/lib/data/users";
import { resetDatabase } from "../support/reset-database";
import { actorOf, auditFor, makeUser, PASSWORD, userRow } from "../support/users";

beforeEach(resetDatabase);

describe("resetUserPassword", () => {
  test("sets a new generated password that must be changed, and audits it without the secret", async () => {
    const admin = await makeUser("admin@example.nl", "admin");
    const ann = await makeUser("ann@example.nl");
    const before = await userRow(ann.id);

    const password = await resetUserPassword(actorOf(admin), ann.id);

    const after = await userRow(ann.id);
    expect(password).toMatch(/^[a-zA-Z2-9]{20}$/);
    expect(after.passwordHash).not.toBe(before.passwordHash);
    expect(await verifyPassword(after.passwordHash, password)).toBe(true);
    expect(await verifyPassword(after.passwordHash, PASSWORD)).toBe(false);
    expect(after.mustChangePassword).toBe(true);

    const events = await auditFor(ann.id);
    expect(events.map((e) => [e.action, e.actorUserId])).toEqual([
      ["user.created", null],
      ["user.password_reset", admin.id],
    ]);
    const logged = JSON.stringify(events[1]);
    expect(logged).not.toContain(password);
    expect(logged).not.toContain(after.passwordHash);
    expect(logged).not.toContain("argon2");
  });

  test("an unknown user: user_not_found, and nothing is audited", async () => {
    const admin = await makeUser("admin@example.nl", "admin");
    const unknown = "00000000-0000-4000-8000-000000000000";
    await expect(resetUserPassword(actorOf(admin), unknown)).rejects.toMatchObject({ code: "user_not_found" });
    expect(await auditFor(unknown)).toEqual([]);
  });
});

describe("changeOwnPassword", () => {
  test("a wrong current password is refused on the currentPassword field; nothing changes", async () => {
    const ann = await makeUser("ann@example.nl");
    await resetUserPassword(actorOf(ann), ann.id); // so must_change_password is set
    const before = await userRow(ann.id);

    await expect(changeOwnPassword(actorOf(ann), "not-the-password", "a-brand-new-password")).rejects.toMatchObject({
      name: "AppError",
      code: "current_password_wrong",
      field: "currentPassword",
    });

    const after = await userRow(ann.id);
    expect(after.passwordHash).toBe(before.passwordHash);
    expect(after.mustChangePassword).toBe(true);
    expect((await auditFor(ann.id)).map((e) => e.action)).not.toContain("user.password_changed");
    // The wrong current password is on the record, by whoever held the session; no password in it.
    const failed = (await auditFor(ann.id)).filter((e) => e.action === "user.password_change_failed");
    expect(failed).toEqual([
      expect.objectContaining({ actorUserId: ann.id, entityId: ann.id, detail: { email: "ann@example.nl" } }),
    ]);
    expect(JSON.stringify(failed)).not.toContain("not-the-password");
  });

  test("the right current password: new password works, old does not, flag cleared, audited", async () => {
    const ann = await makeUser("ann@example.nl");
    const generated = await resetUserPassword(actorOf(ann), ann.id);

    await changeOwnPassword(actorOf(ann), generated, "a-brand-new-password");

    const after = await userRow(ann.id);
    expect(await verifyPassword(after.passwordHash, "a-brand-new-password")).toBe(true);
    expect(await verifyPassword(after.passwordHash, generated)).toBe(false);
    expect(after.mustChangePassword).toBe(false);
    const events = await auditFor(ann.id);
    const changed = events.filter((e) => e.action === "user.password_changed");
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatchObject({ actorUserId: ann.id, detail: { email: "ann@example.nl" } });
    expect(JSON.stringify(changed[0])).not.toContain("a-brand-new-password");
    expect(JSON.stringify(changed[0])).not.toContain(generated);
  });

  test("changes only the actor's own password", async () => {
    const ann = await makeUser("ann@example.nl");
    const bob = await makeUser("bob@example.nl");
    const bobBefore = await userRow(bob.id);
    await changeOwnPassword(actorOf(ann), PASSWORD, "a-brand-new-password");
    expect((await userRow(bob.id)).passwordHash).toBe(bobBefore.passwordHash);
  });
});

test("guessing the current password is throttled like a sign-in, and nothing changes", async () => {
  const user = await makeUser("guess@example.nl");
  const actor = actorOf(user);
  const before = (await userRow(user.id)).passwordHash;
  for (let i = 0; i < FREE_FAILURES; i++) {
    await expect(changeOwnPassword(actor, "wrong-guess", "a-new-password-2")).rejects.toMatchObject({
      code: "current_password_wrong",
    });
  }
  // Even the right current password is refused now (until the delay is over).
  await expect(changeOwnPassword(actor, PASSWORD, "a-new-password-2")).rejects.toMatchObject({
    code: "password_change_throttled",
    field: "currentPassword",
  });
  expect((await userRow(user.id)).passwordHash).toBe(before);
});
