import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull, lt } from "drizzle-orm";
import { getDb } from "@/db/client";
import { oauthStates } from "@/db/schema";
import { now } from "@/lib/clock";

// `state` for the consent round-trip lives in the database, not in a cookie: random, single
// use, ten minutes, bound to the admin who started it and to the login being authorized.
// Only its hash is stored, so a database read does not hand out usable states.

export const STATE_LIFETIME_MS = 10 * 60 * 1000;

const hash = (state: string) => createHash("sha256").update(state).digest("hex");

export async function createAuthorizationState(input: {
  userId: string;
  oauthLoginId: string;
  forceLogin: boolean;
}): Promise<string> {
  const state = randomBytes(32).toString("base64url");
  const at = now();
  await getDb()
    .insert(oauthStates)
    .values({
      stateHash: hash(state),
      userId: input.userId,
      oauthLoginId: input.oauthLoginId,
      forceLogin: input.forceLogin,
      createdAt: at,
      expiresAt: new Date(at.getTime() + STATE_LIFETIME_MS),
    });
  // Old states are useless; keep the table small.
  await getDb()
    .delete(oauthStates)
    .where(lt(oauthStates.expiresAt, new Date(at.getTime() - 24 * 3600 * 1000)));
  return state;
}

export type StateProblem = "state_missing" | "state_unknown" | "state_reused" | "state_expired" | "state_other_user";

export type ConsumedState =
  | { ok: true; oauthLoginId: string; forceLogin: boolean }
  | { ok: false; problem: StateProblem; oauthLoginId?: string };

/** Uses a state once. Whatever the outcome, the state cannot be used again afterwards. */
export async function consumeAuthorizationState(state: string | null, userId: string): Promise<ConsumedState> {
  if (!state) return { ok: false, problem: "state_missing" };
  const db = getDb();
  const [row] = await db
    .select()
    .from(oauthStates)
    .where(eq(oauthStates.stateHash, hash(state)));
  if (!row) return { ok: false, problem: "state_unknown" };
  if (row.usedAt) return { ok: false, problem: "state_reused", oauthLoginId: row.oauthLoginId };
  // Another admin's state is not burnt: it stays usable by the admin who started it.
  if (row.userId !== userId) return { ok: false, problem: "state_other_user" };
  // Marked used in one conditional statement, so two callbacks racing cannot both pass.
  const [used] = await db
    .update(oauthStates)
    .set({ usedAt: now() })
    .where(and(eq(oauthStates.id, row.id), isNull(oauthStates.usedAt)))
    .returning({ id: oauthStates.id });
  if (!used) return { ok: false, problem: "state_reused", oauthLoginId: row.oauthLoginId };
  if (row.expiresAt.getTime() <= now().getTime()) {
    return { ok: false, problem: "state_expired", oauthLoginId: row.oauthLoginId };
  }
  return { ok: true, oauthLoginId: row.oauthLoginId, forceLogin: row.forceLogin };
}
