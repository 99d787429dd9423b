import "server-only";
import { asc, eq } from "drizzle-orm";
import { cache } from "react";
import { getDb } from "@/db/client";
import { environments, users } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { type Actor, SYSTEM_ACTOR } from "./actor";
import { recordAudit } from "./audit";

export type EnvironmentDto = { id: string; name: string; expiryWarningDays: number };

const DEFAULTS = [
  { name: "Productie", sortOrder: 0 },
  { name: "Test", sortOrder: 1 },
];

/** Productie and Test exist from the first start; existing ones are left alone. */
export async function ensureDefaultEnvironments(actor: Actor = SYSTEM_ACTOR): Promise<void> {
  await getDb().transaction(async (tx) => {
    const created = await tx
      .insert(environments)
      .values(DEFAULTS)
      .onConflictDoNothing({ target: environments.name })
      .returning({ id: environments.id, name: environments.name });
    for (const env of created) {
      await recordAudit(tx, actor, {
        action: "environment.created",
        entityType: "environment",
        entityId: env.id,
        environmentId: env.id,
        detail: { name: env.name },
      });
    }
  });
}

export async function listEnvironments(): Promise<EnvironmentDto[]> {
  return getDb()
    .select({ id: environments.id, name: environments.name, expiryWarningDays: environments.expiryWarningDays })
    .from(environments)
    .orderBy(asc(environments.sortOrder), asc(environments.name));
}

/** The user's chosen environment, or the first one when none is chosen (or it is gone). */
export function currentEnvironment(all: EnvironmentDto[], chosenId: string | null): EnvironmentDto | undefined {
  return all.find((e) => e.id === chosenId) ?? all[0];
}

export async function chooseEnvironment(userId: string, environmentId: string): Promise<boolean> {
  const db = getDb();
  const [env] = await db.select({ id: environments.id }).from(environments).where(eq(environments.id, environmentId));
  if (!env) return false;
  await db.update(users).set({ environmentId, updatedAt: new Date() }).where(eq(users.id, userId));
  return true;
}

// Keyed by the chosen id (a string, not the user object), so that every read in one request
// — an action's wrapper, a page, its layout — shares the one query.
const environmentFor = cache(async (chosenId: string | null): Promise<EnvironmentDto> => {
  const env = currentEnvironment(await listEnvironments(), chosenId);
  // ensureDefaultEnvironments runs at every start, so there is always one.
  if (!env) throw new Error("no environments exist");
  return env;
});

/** The environment a signed-in user is working in, read once per request (React `cache`). */
export function environmentOf(user: { environmentId: string | null }): Promise<EnvironmentDto> {
  return environmentFor(user.environmentId);
}

/** The environment's own settings (tab Algemeen): how many days ahead a login counts as expiring. */
export async function updateEnvironmentSettings(
  actor: Actor,
  environmentId: string,
  settings: { expiryWarningDays: number },
): Promise<void> {
  await getDb().transaction(async (tx) => {
    const [before] = await tx
      .select({ days: environments.expiryWarningDays, name: environments.name })
      .from(environments)
      .where(eq(environments.id, environmentId))
      .for("update");
    if (!before) throw new AppError("environment_not_found");
    if (before.days === settings.expiryWarningDays) return;
    await tx
      .update(environments)
      .set({ expiryWarningDays: settings.expiryWarningDays, updatedAt: new Date() })
      .where(eq(environments.id, environmentId));
    await recordAudit(tx, actor, {
      action: "environment.settings_changed",
      entityType: "environment",
      entityId: environmentId,
      environmentId,
      detail: { name: before.name, expiryWarningDays: { from: before.days, to: settings.expiryWarningDays } },
    });
  });
}
