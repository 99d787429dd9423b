import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { auditEvents, signInThrottle, users } from "@/db/schema";
import { type Actor, SYSTEM_ACTOR } from "@/lib/audit/actor";
import type { Role } from "@/lib/auth/permissions";
import { createUser } from "@/lib/data/users";

export const PASSWORD = "a-long-password-1";

/** A user created the way the portal creates one, with a known password. */
export async function makeUser(email: string, role: Role = "viewer", password = PASSWORD) {
  const { user } = await createUser(SYSTEM_ACTOR, { email, name: email.split("@")[0], role, password });
  return user;
}

/** The actor a signed-in user acts as. */
export function actorOf(user: { id: string; email: string }): Actor & { id: string } {
  return { id: user.id, email: user.email };
}

export async function userRow(id: string) {
  const [row] = await getDb().select().from(users).where(eq(users.id, id));
  return row;
}

export async function auditFor(entityId: string) {
  return getDb().select().from(auditEvents).where(eq(auditEvents.entityId, entityId)).orderBy(auditEvents.id);
}

export async function failuresOf(key: string): Promise<number | undefined> {
  const [row] = await getDb().select().from(signInThrottle).where(eq(signInThrottle.key, key));
  return row?.failures;
}
