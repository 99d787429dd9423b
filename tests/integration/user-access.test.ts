import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, test } from "vitest";
import { getDb } from "@/db/client";
import { auditEvents, users } from "@/db/schema";
import { setUserDisabled, setUserRole } from "@/lib/data/users";
import { warmPool } from "../support/pool";
import { resetDatabase } from "../support/reset-database";
import { actorOf, auditFor, makeUser, userRow } from "../support/users";

beforeEach(resetDatabase);

const UNKNOWN = "00000000-0000-4000-8000-000000000000";

describe("setUserDisabled / setUserRole", () => {
  test("an admin cannot disable themselves, even with another admin present", async () => {
    const a = await makeUser("a@example.nl", "admin");
    await makeUser("b@example.nl", "admin");
    await expect(setUserDisabled(actorOf(a), a.id, true)).rejects.toMatchObject({ code: "cannot_disable_self" });
    expect((await userRow(a.id)).disabled).toBe(false);
    expect((await auditFor(a.id)).map((e) => e.action)).toEqual(["user.created"]);
  });

  test("another admin can disable and enable a user, each audited", async () => {
    const a = await makeUser("a@example.nl", "admin");
    const v = await makeUser("v@example.nl");
    await setUserDisabled(actorOf(a), v.id, true);
    expect((await userRow(v.id)).disabled).toBe(true);
    await setUserDisabled(actorOf(a), v.id, false);
    expect((await userRow(v.id)).disabled).toBe(false);
    const events = await auditFor(v.id);
    expect(events.map((e) => [e.action, e.detail])).toEqual([
      ["user.created", expect.anything()],
      ["user.disabled", { email: "v@example.nl", disabled: true }],
      ["user.enabled", { email: "v@example.nl", disabled: false }],
    ]);
  });

  test("a change to what already is: no write, no audit", async () => {
    const a = await makeUser("a@example.nl", "admin");
    const v = await makeUser("v@example.nl");
    const before = await userRow(v.id);
    await setUserRole(actorOf(a), v.id, "viewer");
    await setUserDisabled(actorOf(a), v.id, false);
    expect(await userRow(v.id)).toEqual(before);
    expect((await auditFor(v.id)).map((e) => e.action)).toEqual(["user.created"]);
  });

  test.each([
    ["setUserRole", () => setUserRole({ id: null, email: "system" }, UNKNOWN, "admin")],
    ["setUserDisabled", () => setUserDisabled({ id: null, email: "system" }, UNKNOWN, true)],
  ])("%s on an unknown id: user_not_found, nothing written", async (_name, call) => {
    await makeUser("a@example.nl", "admin");
    const auditBefore = await getDb().select().from(auditEvents);
    await expect(call()).rejects.toMatchObject({ code: "user_not_found" });
    expect(await getDb().select().from(auditEvents)).toEqual(auditBefore);
  });
});

describe("two admins demoting each other at the same moment", () => {
  // Repeated, since a race only shows sometimes.
  test.each(Array.from({ length: 5 }, (_, i) => i + 1))("round %d: exactly one succeeds, one admin stays", async () => {
    const a = await makeUser("a@example.nl", "admin");
    const b = await makeUser("b@example.nl", "admin");
    await warmPool();
    const results = await Promise.allSettled([
      setUserRole(actorOf(a), b.id, "viewer"),
      setUserRole(actorOf(b), a.id, "viewer"),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const [refused] = results.filter((r) => r.status === "rejected");
    expect(refused.reason).toMatchObject({ code: "last_admin" });
    const admins = await getDb().select().from(users).where(eq(users.role, "admin"));
    expect(admins).toHaveLength(1);
    expect(await getDb().select().from(auditEvents).where(eq(auditEvents.action, "user.role_changed"))).toHaveLength(1);
  });

  test("disabling each other at the same moment leaves one active admin", async () => {
    const a = await makeUser("a@example.nl", "admin");
    const b = await makeUser("b@example.nl", "admin");
    await warmPool();
    const results = await Promise.allSettled([
      setUserDisabled(actorOf(a), b.id, true),
      setUserDisabled(actorOf(b), a.id, true),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const active = (await getDb().select().from(users)).filter((u) => u.role === "admin" && !u.disabled);
    expect(active).toHaveLength(1);
  });
});
