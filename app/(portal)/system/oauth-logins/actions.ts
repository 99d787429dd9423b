"use server";

import { revalidatePath } from "next/cache";
import { guardedAction } from "@/lib/auth/action";
import { environmentOf } from "@/lib/data/environments";
import { createOAuthLogin, deleteOAuthLogin, getOAuthLogin, renameOAuthLogin } from "@/lib/data/oauth-logins";
import { testOAuthLogin } from "@/lib/exact/test-oauth-login";
import { createOAuthLoginSchema, oauthLoginIdSchema, renameOAuthLoginSchema } from "@/lib/schemas/oauth-logins";

// Thin: the wrapper checks the admin and parses with the dialog's schema; lib/ does the work.

/** Saves the login as `pending`; the browser then goes to Exact through the returned URL. */
export const createOAuthLoginAction = guardedAction("settings.change", createOAuthLoginSchema, async (input, user) => {
  const environment = await environmentOf(user);
  const { id } = await createOAuthLogin(user, environment.id, input);
  revalidatePath("/system/oauth-logins");
  return { id, connectUrl: `/api/exact/connect?login=${id}` };
});

export const renameOAuthLoginAction = guardedAction(
  "settings.change",
  renameOAuthLoginSchema,
  async ({ loginId, description }, user) => {
    const environment = await environmentOf(user);
    await renameOAuthLogin(user, environment.id, loginId, description);
    revalidatePath("/system/oauth-logins");
    return null;
  },
);

export const deleteOAuthLoginAction = guardedAction(
  "settings.change",
  oauthLoginIdSchema,
  async ({ loginId }, user) => {
    const environment = await environmentOf(user);
    await deleteOAuthLogin(user, environment.id, loginId);
    revalidatePath("/system/oauth-logins");
    return null;
  },
);

export const testOAuthLoginAction = guardedAction("settings.change", oauthLoginIdSchema, async ({ loginId }, user) => {
  const environment = await environmentOf(user);
  await getOAuthLogin(environment.id, loginId); // only a login of the user's environment
  const me = await testOAuthLogin(loginId);
  revalidatePath("/system/oauth-logins");
  return me;
});
