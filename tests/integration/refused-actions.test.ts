import { and, eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, test } from "vitest";
import { getDb } from "@/db/client";
import { auditEvents, users } from "@/db/schema";
import {
  REFUSAL_WINDOW_MINUTES,
  REFUSALS_PER_HOUR,
  REFUSED_ACTION,
  recordRefusedAction,
} from "@/lib/data/record-refused-action";
import type { UserDto } from "@/lib/data/users";
import { warmPool } from "../support/pool";
import { resetDatabase } from "../support/reset-database";
import { makeUser } from "../support/users";

beforeEach(resetDatabase);

const refusalsOf = (userId: string) =>
  getDb()
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.actorUserId, userId), eq(auditEvents.action, REFUSED_ACTION)))
    .orderBy(auditEvents.id);

/** Moves a user's refusals back in time, as if they had happened that many minutes ago. */
async function age(userId: string, minutes: number) {
  await getDb()
    .update(auditEvents)
    .set({ at: sql`${auditEvents.at} - make_interval(mins => ${minutes})` })
    .where(eq(auditEvents.actorUserId, userId));
}

const settings = { permission: "settings.change", reason: "role", path: "/system/settings" } as const;

describe("recordRefusedAction", () => {
  let viewer: UserDto;
  beforeEach(async () => {
    viewer = await makeUser("piet@example.nl");
  });

  test("writes who was refused, their role, the permission, why and from which page", async () => {
    expect(await recordRefusedAction(viewer, settings)).toBe(true);
    const [event] = await refusalsOf(viewer.id);
    expect(event).toMatchObject({
      actorUserId: viewer.id,
      actorEmail: "piet@example.nl",
      action: "user.action_refused",
      entityType: "user",
      entityId: viewer.id,
      detail: {
        name: "piet",
        email: "piet@example.nl",
        role: "viewer",
        permission: "settings.change",
        reason: "role",
        path: "/system/settings",
      },
    });
  });

  test("a user who must change the password is refused for that reason, and without a Referer the page is unknown", async () => {
    await getDb().update(users).set({ mustChangePassword: true, role: "admin" }).where(eq(users.id, viewer.id));
    await recordRefusedAction(
      { ...viewer, role: "admin" },
      { permission: "users.manage", reason: "password_change_required", path: null },
    );
    const [event] = await refusalsOf(viewer.id);
    expect(event.detail).toMatchObject({
      role: "admin",
      permission: "users.manage",
      reason: "password_change_required",
      path: null,
    });
  });

  test(`the same refusal again within ${REFUSAL_WINDOW_MINUTES} minutes is not written again`, async () => {
    expect(await recordRefusedAction(viewer, settings)).toBe(true);
    for (let i = 0; i < 5; i++) expect(await recordRefusedAction(viewer, settings)).toBe(false);
    expect(await refusalsOf(viewer.id)).toHaveLength(1);

    // Another page or another permission is another refusal.
    expect(await recordRefusedAction(viewer, { ...settings, path: "/system/oauth-logins" })).toBe(true);
    expect(await recordRefusedAction(viewer, { ...settings, permission: "users.manage" })).toBe(true);
    expect(await refusalsOf(viewer.id)).toHaveLength(3);

    // Once the window has passed, it is written again.
    await age(viewer.id, REFUSAL_WINDOW_MINUTES + 1);
    expect(await recordRefusedAction(viewer, settings)).toBe(true);
    expect(await refusalsOf(viewer.id)).toHaveLength(4);
  });

  test("fifty refusals at once, from every connection of the pool, write one event", async () => {
    await warmPool(10);
    const written = await Promise.all(Array.from({ length: 50 }, () => recordRefusedAction(viewer, settings)));
    expect(written.filter(Boolean)).toHaveLength(1);
    expect(await refusalsOf(viewer.id)).toHaveLength(1);
  });

  test(`at most ${REFUSALS_PER_HOUR} refusals of one user an hour, whatever pages they claim; others are not held back`, async () => {
    for (let i = 0; i < REFUSALS_PER_HOUR + 10; i++) {
      await recordRefusedAction(viewer, { ...settings, path: `/made-up/${i}` });
    }
    expect(await refusalsOf(viewer.id)).toHaveLength(REFUSALS_PER_HOUR);

    const other = await makeUser("anna@example.nl");
    expect(await recordRefusedAction(other, settings)).toBe(true);

    // An hour later the budget is back.
    await age(viewer.id, 61);
    expect(await recordRefusedAction(viewer, settings)).toBe(true);
  });
});
