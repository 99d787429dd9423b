"use server";

import { revalidatePath } from "next/cache";
import { createApiKey, revokeApiKey } from "@/lib/data/api-keys";
import { environmentAction } from "@/lib/guards/environment-action";
import { startOfDayInAmsterdam } from "@/lib/i18n/format-date";
import { apiKeyIdSchema, createApiKeySchema } from "@/lib/schemas/api-keys";

// Thin: the wrapper checks that an admin acts (api_keys.manage), parses with the form's schema
// and hands over the admin's current environment; lib/data does the work and the audit.

/** The key comes back once, to be shown once; from then on only its prefix is known. */
export const createApiKeyAction = environmentAction(
  "api_keys.manage",
  createApiKeySchema,
  async ({ name, scope, expiresOn, neverExpires }, { user, environment }) => {
    const expiresAt = neverExpires || !expiresOn ? null : startOfDayInAmsterdam(expiresOn);
    const created = await createApiKey(user, environment.id, { name, scope, expiresAt });
    revalidatePath("/system/api-keys");
    return { key: created.key, prefix: created.prefix, name };
  },
);

export const revokeApiKeyAction = environmentAction(
  "api_keys.manage",
  apiKeyIdSchema,
  async ({ keyId }, { user, environment }) => {
    const revoked = await revokeApiKey(user, environment.id, keyId);
    revalidatePath("/system/api-keys");
    return { name: revoked.name };
  },
);
