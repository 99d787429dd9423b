import { beforeEach, describe, expect, test } from "vitest";
import { getDb } from "@/db/client";
import { auditEvents, users } from "@/db/schema";
import { verifyPassword } from "@/lib/auth/password";
import { ensureFirstAdmin } from "@/lib/runtime/ensure-first-admin";
import { warmPool } from "../support/pool";
import { resetDatabase } from "../support/reset-database";
import { makeUser } from "../support/users";

beforeEach(resetDatabase);

/** Only the given variables, as if the portal were started with just these set. */
const env = (vars: Record<string, string>): NodeJS.ProcessEnv => ({ NODE_ENV: "test", ...vars });

describe("ensureFirstAdmin", () => {
  test("no users: admin@koppeling.local with a generated password that must be changed", async () => {
    const admin = await ensureFirstAdmin(env({}));
    expect(admin?.email).toBe("admin@koppeling.local");
    expect(admin?.password).toMatch(/^[a-zA-Z2-9]{20}$/);
    const rows = await getDb().select().from(users);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      email: "admin@koppeling.local",
      role: "admin",
      disabled: false,
      mustChangePassword: true,
    });
    expect(await verifyPassword(rows[0].passwordHash, admin?.password as string)).toBe(true);
    const events = await getDb().select().from(auditEvents);
    expect(events.map((e) => e.action)).toEqual(["user.created"]);
    expect(JSON.stringify(events)).not.toContain(admin?.password);
  });

  test("two runs give two different generated passwords", async () => {
    const first = await ensureFirstAdmin(env({}));
    await resetDatabase();
    const second = await ensureFirstAdmin(env({}));
    expect(first?.password).not.toBe(second?.password);
  });

  test("ADMIN_EMAIL and ADMIN_PASSWORD are honoured; no forced change, no password returned", async () => {
    const admin = await ensureFirstAdmin(
      env({ ADMIN_EMAIL: "  boss@example.nl ", ADMIN_PASSWORD: "the-chosen-password" }),
    );
    expect(admin).toEqual({ email: "boss@example.nl", password: undefined });
    const rows = await getDb().select().from(users);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ email: "boss@example.nl", role: "admin", mustChangePassword: false });
    expect(await verifyPassword(rows[0].passwordHash, "the-chosen-password")).toBe(true);
  });

  test("ADMIN_EMAIL alone: that address with a generated password that must be changed", async () => {
    const admin = await ensureFirstAdmin(env({ ADMIN_EMAIL: "boss@example.nl", ADMIN_PASSWORD: "" }));
    expect(admin?.email).toBe("boss@example.nl");
    expect(admin?.password).toHaveLength(20);
    const [row] = await getDb().select().from(users);
    expect(row).toMatchObject({ email: "boss@example.nl", mustChangePassword: true });
  });

  test("with users present: null, and nothing is created", async () => {
    await makeUser("viewer@example.nl");
    const before = await getDb().select().from(users);
    const auditBefore = await getDb().select().from(auditEvents);
    expect(
      await ensureFirstAdmin(env({ ADMIN_EMAIL: "boss@example.nl", ADMIN_PASSWORD: "the-chosen-password" })),
    ).toBeNull();
    expect(await getDb().select().from(users)).toEqual(before);
    expect(await getDb().select().from(auditEvents)).toEqual(auditBefore);
  });

  // Two portal processes starting on an empty database both see 0 users; the second insert
  // hits the unique e-mail, which must mean "already made", not a failed start.
  test("two starts at the same moment: one creates the admin, the other gets null", async () => {
    // Open the pool's connections first, so both starts reach the database at once, as two
    // processes with their own connections would.
    await warmPool();
    const results = await Promise.all([ensureFirstAdmin(env({})), ensureFirstAdmin(env({}))]);
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    expect(await getDb().select().from(users)).toHaveLength(1);
  });
});
