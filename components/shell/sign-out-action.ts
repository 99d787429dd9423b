"use server";

import { signOut } from "@/lib/guards/next-auth";

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/login" });
}
