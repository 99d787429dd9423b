import { SYSTEM_ACTOR } from "@/lib/audit/actor";
import { countUsers, createUser } from "@/lib/data/users";
import { isAppError } from "@/lib/errors";
import { createUserSchema } from "@/lib/schemas/users";

export type FirstAdmin = { email: string; password?: string } | null;

/**
 * On a start with no users: ADMIN_EMAIL / ADMIN_PASSWORD when given, otherwise
 * admin@koppeling.local with a generated password (returned, to print once), which
 * must be changed at first sign-in.
 */
export async function ensureFirstAdmin(env: NodeJS.ProcessEnv = process.env): Promise<FirstAdmin> {
  if ((await countUsers()) > 0) return null;
  const parsed = createUserSchema.safeParse({
    email: env.ADMIN_EMAIL?.trim() || "admin@koppeling.local",
    name: "Administrator",
    role: "admin",
    password: env.ADMIN_PASSWORD ?? "",
  });
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => (i.path[0] === "email" ? "ADMIN_EMAIL" : "ADMIN_PASSWORD"));
    throw new Error(
      `${[...new Set(fields)].join(" and ")} is not acceptable: give a valid e-mail address and a password of at least 12 characters`,
    );
  }
  const { email, password } = parsed.data;
  try {
    const { user, generatedPassword } = await createUser(SYSTEM_ACTOR, {
      email,
      name: "Administrator",
      role: "admin",
      password: password || undefined,
      mustChangePassword: !password,
    });
    return { email: user.email, password: generatedPassword };
  } catch (e) {
    // Two processes started at once: the other one made the admin.
    if (isAppError(e) && e.code === "email_taken") return null;
    throw e;
  }
}
