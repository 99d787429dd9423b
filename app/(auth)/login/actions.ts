"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { AuthError, CredentialsSignin } from "next-auth";
import { safeCallbackUrl } from "@/lib/auth/safe-callback-url";
import { findUserForSignIn } from "@/lib/data/users";
import type { ActionResult } from "@/lib/forms/action-result";
import { fieldErrorsOf } from "@/lib/forms/field-errors-of";
import { signIn } from "@/lib/guards/next-auth";
import { LOCALE_COOKIE } from "@/lib/i18n/locales";
import { signInSchema } from "@/lib/schemas/users";

export async function signInAction(input: unknown, callbackUrl: unknown): Promise<ActionResult> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error.issues) };
  try {
    // The same Credentials provider as /api/auth/callback/credentials: throttling included.
    await signIn("credentials", { ...parsed.data, redirect: false });
  } catch (e) {
    if (e instanceof CredentialsSignin)
      return { ok: false, formError: e.code === "throttled" || e.code === "blocked" ? e.code : "invalid" };
    if (e instanceof AuthError) return { ok: false, formError: "invalid" };
    throw e;
  }
  const user = await findUserForSignIn(parsed.data.email);
  if (user) (await cookies()).set(LOCALE_COOKIE, user.locale, { path: "/", sameSite: "lax", maxAge: 31536000 });
  redirect(safeCallbackUrl(callbackUrl));
}
