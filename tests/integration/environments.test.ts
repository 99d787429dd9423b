import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, test } from "vitest";
import { getDb, getSql } from "@/db/client";
import { auditEvents, environments } from "@/db/schema";
import { chooseEnvironment, ensureDefaultEnvironments, listEnvironments } from "@/lib/data/environments";
import { warmPool } from "../support/pool";
import { resetDatabase } from "../support/reset-database";
import { makeUser, userRow } from "../support/users";

beforeEach(resetDatabase);

async function emptyEnvironments() {
  await getSql()`truncate environments, audit_events restart identity cascade`;
}

describe("ensureDefaultEnvironments", () => {
  test("creates Productie and Test, in that order, each audited once", async () => {
    await emptyEnvironments();
    await ensureDefaultEnvironments();
    const envs = await listEnvironments();
    expect(envs.map((e) => e.name)).toEqual(["Productie", "Test"]);
    const events = await getDb().select().from(auditEvents);
    expect(events.map((e) => [e.action, e.entityType, e.detail])).toEqual([
      ["environment.created", "environment", { name: "Productie" }],
      ["environment.created", "environment", { name: "Test" }],
    ]);
    expect(events.map((e) => e.entityId).sort()).toEqual(envs.map((e) => e.id).sort());
  });

  test("is idempotent: a second and third run create and audit nothing", async () => {
    await emptyEnvironments();
    await ensureDefaultEnvironments();
    const first = await listEnvironments();
    await ensureDefaultEnvironments();
    await ensureDefaultEnvironments();
    expect(await listEnvironments()).toEqual(first);
    expect(await getDb().select().from(auditEvents)).toHaveLength(2);
  });

  test("two starts at the same moment still make each environment once", async () => {
    await emptyEnvironments();
    await warmPool();
    await Promise.all([ensureDefaultEnvironments(), ensureDefaultEnvironments(), ensureDefaultEnvironments()]);
    expect((await listEnvironments()).map((e) => e.name)).toEqual(["Productie", "Test"]);
    expect(await getDb().select().from(auditEvents)).toHaveLength(2);
  });

  test("leaves existing environments alone and only adds what is missing", async () => {
    await emptyEnvironments();
    await getDb().insert(environments).values({ name: "Productie", sortOrder: 5, expiryWarningDays: 30 });
    await ensureDefaultEnvironments();
    const envs = await getDb().select().from(environments);
    expect(envs.find((e) => e.name === "Productie")).toMatchObject({ sortOrder: 5, expiryWarningDays: 30 });
    expect(envs.map((e) => e.name).sort()).toEqual(["Productie", "Test"]);
    const events = await getDb().select().from(auditEvents);
    expect(events.map((e) => e.detail)).toEqual([{ name: "Test" }]);
  });
});

describe("chooseEnvironment", () => {
  test("stores the choice on the user", async () => {
    const ann = await makeUser("ann@example.nl");
    const [, test] = await listEnvironments();
    expect(await chooseEnvironment(ann.id, test.id)).toBe(true);
    expect((await userRow(ann.id)).environmentId).toBe(test.id);
  });

  test("refuses an unknown environment and leaves the choice as it was", async () => {
    const ann = await makeUser("ann@example.nl");
    const [productie] = await listEnvironments();
    await chooseEnvironment(ann.id, productie.id);
    expect(await chooseEnvironment(ann.id, "00000000-0000-4000-8000-000000000000")).toBe(false);
    expect((await userRow(ann.id)).environmentId).toBe(productie.id);
  });

  test("a removed environment can no longer be chosen", async () => {
    const ann = await makeUser("ann@example.nl");
    const [, test] = await listEnvironments();
    await getDb().delete(environments).where(eq(environments.id, test.id));
    expect(await chooseEnvironment(ann.id, test.id)).toBe(false);
    expect((await userRow(ann.id)).environmentId).toBeNull();
  });
});
