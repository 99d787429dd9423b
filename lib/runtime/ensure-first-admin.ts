import { SYSTEM_ACTOR } from "@/lib/data/actor";
import { countUsers, createUser } from "@/lib/data/users";

export type FirstAdmin = { email: string; password?: string } | null;

/**
 * On a start with no users: ADMIN_EMAIL / ADMIN_PASSWORD when given, otherwise
 * admin@koppeling.local with a generated password (returned, to print once), which
 * must be changed at first sign-in.
 */
export async function ensureFirstAdmin(env: NodeJS.ProcessEnv = process.env): Promise<FirstAdmin> {
  if ((await countUsers()) > 0) return null;
  const email = env.ADMIN_EMAIL?.trim() || "admin@koppeling.local";
  const given = env.ADMIN_PASSWORD || undefined;
  const { generatedPassword } = await createUser(SYSTEM_ACTOR, {
    email,
    name: "Administrator",
    role: "admin",
    password: given,
    mustChangePassword: !given,
  });
  return { email, password: generatedPassword };
}
