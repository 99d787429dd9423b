import type { Sql } from "postgres";
import { hashPassword } from "@/lib/auth/password";

export type Role = "admin" | "viewer";
export type SeededUser = { id: string; email: string; name: string; password: string; role: Role };

/** A short suffix that makes names and e-mails unique within (and across) runs. */
export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/**
 * Puts a user straight into the database (with an argon2id hash, as the app makes them),
 * for specs that need one as a starting point; creating users by clicking is proven in
 * users.spec.ts.
 */
export async function seedUser(
  sql: Sql,
  opts: { prefix: string; role?: Role; password?: string; mustChangePassword?: boolean },
): Promise<SeededUser> {
  const suffix = uniqueSuffix();
  const email = `${opts.prefix}-${suffix}@example.test`;
  const name = `${opts.prefix} ${suffix}`;
  const role = opts.role ?? "viewer";
  const password = opts.password ?? `pw-${suffix}-long-enough`;
  const passwordHash = await hashPassword(password);
  const [row] = await sql<{ id: string }[]>`
    insert into users (email, name, role, password_hash, must_change_password)
    values (${email}, ${name}, ${role}, ${passwordHash}, ${opts.mustChangePassword ?? false})
    returning id`;
  return { id: row.id, email, name, password, role };
}

export type UserRecord = {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  must_change_password: boolean;
  password_hash: string;
  locale: "nl" | "en";
  environment_id: string | null;
  last_sign_in_at: Date | null;
};

/** The user as the database has them now (undefined when there is none). */
export async function findUser(sql: Sql, email: string): Promise<UserRecord | undefined> {
  const [row] = await sql<UserRecord[]>`
    select id, email, name, role, disabled, must_change_password, password_hash, locale, environment_id,
           last_sign_in_at
    from users where lower(email) = lower(${email})`;
  return row;
}

export async function countUsers(sql: Sql): Promise<number> {
  const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from users`;
  return n;
}
