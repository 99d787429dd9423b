import "server-only";
import { asc, eq } from "drizzle-orm";
import { cache } from "react";
import { getDb } from "@/db/client";
import { environments, users } from "@/db/schema";
import { type Actor, SYSTEM_ACTOR } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/audit-events";
import { webhookSecretColumn } from "@/lib/crypto/secret-columns";
import { colourOf, defaultColourOf, type EnvironmentColour } from "@/lib/environments/environment-colours";
import { AppError } from "@/lib/errors";
import { assertWebhookAllowed } from "@/lib/network/webhook-guard";
import type { EnvironmentSettingsValues } from "@/lib/schemas/administrations";

export type EnvironmentDto = { id: string; name: string; expiryWarningDays: number; colour: EnvironmentColour };

const DEFAULTS = [
  { name: "Productie", sortOrder: 0, colour: defaultColourOf("Productie") },
  { name: "Test", sortOrder: 1, colour: defaultColourOf("Test") },
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
  const rows = await getDb()
    .select({
      id: environments.id,
      name: environments.name,
      expiryWarningDays: environments.expiryWarningDays,
      colour: environments.colour,
    })
    .from(environments)
    .orderBy(asc(environments.sortOrder), asc(environments.name));
  return rows.map((r) => ({ ...r, colour: colourOf(r.colour) }));
}

/** The environment of that name, in any case (the CLI names environments as people write them). */
export async function findEnvironmentByName(name: string): Promise<EnvironmentDto | undefined> {
  const all = await listEnvironments();
  return all.find((e) => e.name === name) ?? all.find((e) => e.name.toLowerCase() === name.trim().toLowerCase());
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

/** The host of a webhook URL: what the audit log may say of it (a path or query can hold a key). */
function webhookHost(url: string | null): string | null {
  return url ? new URL(url).host : null;
}

/**
 * The environment's own settings (tab Algemeen): how many days ahead a login counts as
 * expiring, and where notifications go. The webhook secret is write-only and sealed; it goes
 * when the environment's own webhook URL goes. Audited with what changed, never the secret.
 */
export async function updateEnvironmentSettings(
  actor: Actor,
  environmentId: string,
  settings: EnvironmentSettingsValues,
): Promise<void> {
  await getDb().transaction(async (tx) => {
    const [before] = await tx
      .select({
        name: environments.name,
        expiryWarningDays: environments.expiryWarningDays,
        colour: environments.colour,
        notifyEmailTo: environments.notifyEmailTo,
        notifyWebhookUrl: environments.notifyWebhookUrl,
        notifyWebhookSecretEnc: environments.notifyWebhookSecretEnc,
      })
      .from(environments)
      .where(eq(environments.id, environmentId))
      .for("update");
    if (!before) throw new AppError("environment_not_found");
    const webhookUrl = settings.notifyWebhookUrl || null;
    if (webhookUrl && webhookUrl !== before.notifyWebhookUrl)
      await assertWebhookAllowed(webhookUrl, "notifyWebhookUrl");
    const secretEnc = !webhookUrl
      ? null
      : settings.notifyWebhookSecret
        ? webhookSecretColumn.seal(environmentId, settings.notifyWebhookSecret)
        : settings.notifyWebhookSecretAction === "clear"
          ? null
          : before.notifyWebhookSecretEnc;
    // The sealed secret signs events for the host it was given for: a new host would receive
    // validly signed events it could replay to the real receiver. Give it again (or clear it).
    const hostChanged = webhookHost(before.notifyWebhookUrl) !== webhookHost(webhookUrl);
    if (before.notifyWebhookSecretEnc && secretEnc === before.notifyWebhookSecretEnc && hostChanged) {
      throw new AppError("webhook_secret_reenter", "notifyWebhookSecret");
    }
    // An unsigned webhook is never sent, and an environment's own URL is signed with its own
    // secret only: the server's NOTIFY_WEBHOOK_SECRET belongs to the server's NOTIFY_WEBHOOK_URL.
    if (webhookUrl && !secretEnc) throw new AppError("webhook_secret_required", "notifyWebhookSecret");
    const next = {
      expiryWarningDays: settings.expiryWarningDays,
      colour: settings.colour ?? before.colour,
      notifyEmailTo: settings.notifyEmailTo || null,
      notifyWebhookUrl: webhookUrl,
    };
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    if (before.expiryWarningDays !== next.expiryWarningDays) {
      changes.expiryWarningDays = { from: before.expiryWarningDays, to: next.expiryWarningDays };
    }
    if (before.colour !== next.colour) changes.colour = { from: before.colour, to: next.colour };
    if (before.notifyEmailTo !== next.notifyEmailTo) {
      changes.notifyEmailTo = { from: before.notifyEmailTo, to: next.notifyEmailTo };
    }
    if (before.notifyWebhookUrl !== next.notifyWebhookUrl) {
      changes.notifyWebhookHost = {
        from: webhookHost(before.notifyWebhookUrl),
        to: webhookHost(next.notifyWebhookUrl),
      };
    }
    const credential =
      before.notifyWebhookSecretEnc === secretEnc
        ? undefined
        : secretEnc === null
          ? "cleared"
          : before.notifyWebhookSecretEnc === null
            ? "set"
            : "changed";
    if (Object.keys(changes).length === 0 && !credential) return;
    await tx
      .update(environments)
      .set({ ...next, notifyWebhookSecretEnc: secretEnc, updatedAt: new Date() })
      .where(eq(environments.id, environmentId));
    await recordAudit(tx, actor, {
      action: "environment.settings_changed",
      entityType: "environment",
      entityId: environmentId,
      environmentId,
      detail: { name: before.name, ...changes, ...(credential ? { webhookCredential: credential } : {}) },
    });
  });
}
