import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, test } from "vitest";
import { getDb } from "@/db/client";
import { auditEvents, users } from "@/db/schema";
import { SYSTEM_ACTOR } from "@/lib/audit/actor";
import { verifyPassword } from "@/lib/auth/password";
import { createUser, setUserDisabled, setUserRole } from "@/lib/data/users";
import { resetDatabase } from "../support/reset-database";

beforeEach(resetDatabase);

describe("createUser", () => {
  test("stores an argon2id hash, never the password, and audits without secrets", async () => {
    const { user } = await createUser(SYSTEM_ACTOR, {
      email: "Ann@Example.nl",
      name: "Ann",
      role: "viewer",
      password: "a-long-password-1",
    });
    const [row] = await getDb().select().from(users).where(eq(users.id, user.id));
    expect(row.email).toBe("ann@example.nl");
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(row.passwordHash, "a-long-password-1")).toBe(true);
    const events = await getDb().select().from(auditEvents).where(eq(auditEvents.entityId, user.id));
    expect(events.map((e) => e.action)).toEqual(["user.created"]);
    expect(JSON.stringify(events[0].detail)).not.toContain("a-long-password-1");
    expect(JSON.stringify(events[0].detail)).not.toContain("argon2");
  });

  test("refuses a second user with the same e-mail in another case, and writes nothing", async () => {
    await createUser(SYSTEM_ACTOR, {
      email: "bob@example.nl",
      name: "Bob",
      role: "viewer",
      password: "a-long-password-1",
    });
    await expect(
      createUser(SYSTEM_ACTOR, {
        email: "BOB@example.nl",
        name: "Bob 2",
        role: "admin",
        password: "a-long-password-2",
      }),
    ).rejects.toMatchObject({ code: "email_taken", field: "email" });
    expect(await getDb().select().from(users)).toHaveLength(1);
    expect(await getDb().select().from(auditEvents)).toHaveLength(1);
  });
});

describe("the last active admin", () => {
  test("can be neither demoted nor disabled; the database is unchanged", async () => {
    const { user: admin } = await createUser(SYSTEM_ACTOR, {
      email: "admin@example.nl",
      name: "Admin",
      role: "admin",
      password: "a-long-password-1",
    });
    const other = { id: null, email: "someone" };
    await expect(setUserRole(other, admin.id, "viewer")).rejects.toMatchObject({ code: "last_admin" });
    await expect(setUserDisabled(other, admin.id, true)).rejects.toMatchObject({ code: "last_admin" });
    const [row] = await getDb().select().from(users).where(eq(users.id, admin.id));
    expect(row).toMatchObject({ role: "admin", disabled: false });
  });

  test("with a second admin, one may be demoted, and the change is audited", async () => {
    const { user: a } = await createUser(SYSTEM_ACTOR, {
      email: "a@x.nl",
      name: "A",
      role: "admin",
      password: "a-long-password-1",
    });
    await createUser(SYSTEM_ACTOR, { email: "b@x.nl", name: "B", role: "admin", password: "a-long-password-1" });
    await setUserRole(SYSTEM_ACTOR, a.id, "viewer");
    const [row] = await getDb().select().from(users).where(eq(users.id, a.id));
    expect(row.role).toBe("viewer");
    const [event] = await getDb().select().from(auditEvents).where(eq(auditEvents.action, "user.role_changed"));
    expect(event.detail).toEqual({ email: "a@x.nl", role: { from: "admin", to: "viewer" } });
  });
});
