"use server";

import { cookies } from "next/headers";
import { setUserLocale } from "@/lib/data/users";
import { getCurrentUser } from "@/lib/guards/require-user";
import { LOCALE_COOKIE } from "@/lib/i18n/locales";
import { setLocaleSchema } from "@/lib/schemas/preferences";

// Also used on the sign-in page, so it needs no session; a signed-in user's choice is
// saved with them and comes back at their next sign-in.
export async function setLocaleAction(input: unknown): Promise<{ ok: boolean }> {
  const parsed = setLocaleSchema.safeParse(input);
  if (!parsed.success) return { ok: false };
  (await cookies()).set(LOCALE_COOKIE, parsed.data.locale, { path: "/", sameSite: "lax", maxAge: 31536000 });
  const user = await getCurrentUser();
  if (user) await setUserLocale(user.id, parsed.data.locale);
  return { ok: true };
}
