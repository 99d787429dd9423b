import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, test } from "vitest";
import { getDb, getSql } from "@/db/client";
import { auditEvents, environments } from "@/db/schema";
import {
  chooseEnvironment,
  ensureDefaultEnvironments,
  listEnvironments,
  updateEnvironmentSettings,
} from "@/lib/data/environments";
import { environmentSettingsSchema } from "@/lib/schemas/administrations";
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
    // Distinct colours from the start: Productie red, Test green.
    expect(envs.map((e) => e.colour)).toEqual(["red", "green"]);
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

describe("the environment's colour (tab Algemeen)", () => {
  const values = (colour?: string) =>
    environmentSettingsSchema.parse({
      expiryWarningDays: 7,
      notifyEmailTo: "",
      notifyWebhookUrl: "",
      notifyWebhookSecretAction: "keep",
      notifyWebhookSecret: "",
      ...(colour ? { colour } : {}),
    });

  test("is stored and audited as from → to; left out, it stays", async () => {
    const admin = await makeUser("kleur@example.nl", "admin");
    const [test] = (await listEnvironments()).filter((e) => e.name === "Test");
    await updateEnvironmentSettings(admin, test.id, values("purple"));
    const [row] = await getDb().select().from(environments).where(eq(environments.id, test.id));
    expect(row.colour).toBe("purple");
    const events = await getDb()
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "environment.settings_changed"));
    expect(events.map((e) => e.detail)).toEqual([{ name: "Test", colour: { from: "green", to: "purple" } }]);

    await updateEnvironmentSettings(admin, test.id, values());
    expect((await listEnvironments()).find((e) => e.id === test.id)?.colour).toBe("purple");
    expect(
      await getDb().select().from(auditEvents).where(eq(auditEvents.action, "environment.settings_changed")),
    ).toHaveLength(1);
  });

  test("a colour outside the palette is refused by the schema the form and the action share", () => {
    expect(() => values("#ff0000")).toThrow();
    expect(environmentSettingsSchema.safeParse({ ...values(), colour: "pink" }).error?.issues[0]).toMatchObject({
      path: ["colour"],
      message: "invalid_colour",
    });
  });
});
