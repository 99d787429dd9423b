"use server";

import { revalidatePath } from "next/cache";
import { createOAuthLogin, deleteOAuthLogin, renameOAuthLogin } from "@/lib/data/oauth-logins";
import { requireInEnvironment } from "@/lib/data/require-in-environment";
import { environmentAction } from "@/lib/guards/environment-action";
import { testOAuthLogin } from "@/lib/links/test-oauth-login";
import { createOAuthLoginSchema, oauthLoginIdSchema, renameOAuthLoginSchema } from "@/lib/schemas/oauth-logins";

// Thin: the wrapper checks the admin, parses with the dialog's schema and hands over the
// user's environment; lib/ does the work.

/** Saves the login as `pending`; the browser then goes to Exact through the returned URL. */
export const createOAuthLoginAction = environmentAction(
  "settings.change",
  createOAuthLoginSchema,
  async (input, { user, environment }) => {
    const { id } = await createOAuthLogin(user, environment.id, input);
    revalidatePath("/system/oauth-logins");
    return { id, connectUrl: `/api/exact/connect?login=${id}` };
  },
);

export const renameOAuthLoginAction = environmentAction(
  "settings.change",
  renameOAuthLoginSchema,
  async ({ loginId, description }, { user, environment }) => {
    await renameOAuthLogin(user, environment.id, loginId, description);
    revalidatePath("/system/oauth-logins");
    return null;
  },
);

export const deleteOAuthLoginAction = environmentAction(
  "settings.change",
  oauthLoginIdSchema,
  async ({ loginId }, { user, environment }) => {
    await deleteOAuthLogin(user, environment.id, loginId);
    revalidatePath("/system/oauth-logins");
    return null;
  },
);

export const testOAuthLoginAction = environmentAction(
  "settings.change",
  oauthLoginIdSchema,
  async ({ loginId }, { user, environment }) => {
    await requireInEnvironment("oauth_login", environment.id, loginId);
    try {
      return await testOAuthLogin(user, loginId);
    } finally {
      // A failed test changes the login too (its state, its reason): the grid shows it at once.
      revalidatePath("/system/oauth-logins");
    }
  },
);
