import { beforeEach, describe, expect, test } from "vitest";
import { getDb } from "@/db/client";
import { auditEvents } from "@/db/schema";
import { type AuditEntityType, listAuditEvents, recordAudit } from "@/lib/audit/audit-events";
import { resetDatabase } from "../support/reset-database";
import { makeUser } from "../support/users";

beforeEach(resetDatabase);

type Seed = { at: string; actor: { id: string; email: string } | null; entityType: AuditEntityType; action: string };

async function seed(events: Seed[]) {
  await getDb()
    .insert(auditEvents)
    .values(
      events.map((e) => ({
        at: new Date(e.at),
        actorUserId: e.actor?.id ?? null,
        actorEmail: e.actor?.email ?? "system",
        action: e.action,
        entityType: e.entityType,
      })),
    );
}

describe("listAuditEvents", () => {
  let ann: { id: string; email: string };
  let bob: { id: string; email: string };

  beforeEach(async () => {
    ann = await makeUser("ann@example.nl");
    bob = await makeUser("bob@example.nl");
    await getDb().delete(auditEvents); // only the seeded events below
    await seed([
      { at: "2024-03-01T09:00:00Z", actor: ann, entityType: "user", action: "e1" },
      { at: "2024-03-02T09:00:00Z", actor: bob, entityType: "environment", action: "e2" },
      { at: "2024-03-03T09:00:00Z", actor: ann, entityType: "environment", action: "e3" },
      { at: "2024-03-04T09:00:00Z", actor: null, entityType: "user", action: "e4" },
      { at: "2024-03-05T09:00:00Z", actor: ann, entityType: "oauth_login", action: "e5" },
    ]);
  });

  const actions = (r: { rows: { action: string }[] }) => r.rows.map((e) => e.action);

  test("without a filter: all, newest first, with the total", async () => {
    const r = await listAuditEvents({ page: 1, pageSize: 50 });
    expect(actions(r)).toEqual(["e5", "e4", "e3", "e2", "e1"]);
    expect(r.total).toBe(5);
  });

  test("by actor", async () => {
    const r = await listAuditEvents({ actorUserId: ann.id, page: 1, pageSize: 50 });
    expect(actions(r)).toEqual(["e5", "e3", "e1"]);
    expect(r.total).toBe(3);
    expect(r.rows.every((e) => e.actorEmail === "ann@example.nl")).toBe(true);
  });

  test("by entity type", async () => {
    const r = await listAuditEvents({ entityType: "environment", page: 1, pageSize: 50 });
    expect(actions(r)).toEqual(["e3", "e2"]);
    expect(r.total).toBe(2);
  });

  test("from is inclusive, to is exclusive", async () => {
    const r = await listAuditEvents({
      from: new Date("2024-03-02T09:00:00Z"),
      to: new Date("2024-03-04T09:00:00Z"),
      page: 1,
      pageSize: 50,
    });
    expect(actions(r)).toEqual(["e3", "e2"]);
    expect(r.total).toBe(2);
  });

  test("filters combine", async () => {
    const r = await listAuditEvents({
      actorUserId: ann.id,
      entityType: "environment",
      from: new Date("2024-03-01T00:00:00Z"),
      page: 1,
      pageSize: 50,
    });
    expect(actions(r)).toEqual(["e3"]);
    expect(r.total).toBe(1);
  });

  test("pages: the total counts all matches, the rows only the page", async () => {
    const pages = await Promise.all([1, 2, 3, 4].map((page) => listAuditEvents({ page, pageSize: 2 })));
    expect(pages.map(actions)).toEqual([["e5", "e4"], ["e3", "e2"], ["e1"], []]);
    expect(pages.map((p) => p.total)).toEqual([5, 5, 5, 5]);
  });

  test("nothing matches: no rows, total 0", async () => {
    const r = await listAuditEvents({ from: new Date("2030-01-01T00:00:00Z"), page: 1, pageSize: 50 });
    expect(r).toEqual({ rows: [], total: 0 });
  });

  test("events at the same instant come out in a stable order, newest id first", async () => {
    await getDb().delete(auditEvents);
    await seed(
      ["s1", "s2", "s3"].map((action) => ({ at: "2024-06-01T00:00:00Z", actor: null, entityType: "user", action })),
    );
    const r = await listAuditEvents({ page: 1, pageSize: 50 });
    expect(actions(r)).toEqual(["s3", "s2", "s1"]);
  });
});

describe("recordAudit", () => {
  test("stores the event with its actor and strips secret-named keys from the detail", async () => {
    const ann = await makeUser("ann@example.nl");
    await getDb().delete(auditEvents);
    await recordAudit(
      getDb(),
      { id: ann.id, email: ann.email },
      {
        action: "user.test",
        entityType: "user",
        entityId: ann.id,
        detail: {
          email: "ann@example.nl",
          password: "pw-1",
          newPasswordHash: "hash-2",
          accessToken: "tok-3",
          clientSecret: "sec-4",
          apiKey: "key-5",
        },
      },
    );
    const rows = await getDb().select().from(auditEvents);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: "user.test",
      entityType: "user",
      entityId: ann.id,
      actorUserId: ann.id,
      actorEmail: "ann@example.nl",
      detail: { email: "ann@example.nl" },
    });
    expect(Object.keys(rows[0].detail)).toEqual(["email"]);
    expect(JSON.stringify(rows[0])).not.toMatch(/pw-1|hash-2|tok-3|sec-4|key-5/);
  });

  test("inside a rolled-back transaction nothing is written", async () => {
    await getDb().delete(auditEvents);
    await expect(
      getDb().transaction(async (tx) => {
        await recordAudit(tx, { id: null, email: "system" }, { action: "x", entityType: "user" });
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await getDb().select().from(auditEvents)).toEqual([]);
  });
});
