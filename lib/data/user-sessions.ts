import "server-only";
import { and, eq, gt, isNull, lt, ne, or, sql } from "drizzle-orm";
import { type DbOrTx, getDb } from "@/db/client";
import { userSessions } from "@/db/schema";
import { sessionMaxAgeMs } from "@/lib/auth/session-lifetime";

// The server's side of a session: a sign-in starts a row, the session cookie names it, and a
// session whose row has ended (or outlived SESSION_MAX_AGE) is refused on every request.

export type SessionEnd = "signed_out" | "password_changed" | "password_reset" | "disabled";

const maxAge = () => sql`${`${sessionMaxAgeMs()} milliseconds`}::interval`;

/** Starts a session for a sign-in; ended and expired rows older than a day are pruned. */
export async function startSession(tx: DbOrTx, userId: string): Promise<string> {
  await tx
    .delete(userSessions)
    .where(
      or(
        lt(userSessions.endedAt, sql`now() - interval '1 day'`),
        lt(userSessions.createdAt, sql`now() - ${maxAge()} - interval '1 day'`),
      ),
    );
  const [row] = await tx.insert(userSessions).values({ userId }).returning({ id: userSessions.id });
  return row.id;
}

/** Whether the session is the user's, not ended, and younger than the absolute lifetime. */
export async function isSessionLive(sessionId: string, userId: string): Promise<boolean> {
  const [row] = await getDb()
    .select({ id: userSessions.id })
    .from(userSessions)
    .where(
      and(
        eq(userSessions.id, sessionId),
        eq(userSessions.userId, userId),
        isNull(userSessions.endedAt),
        gt(userSessions.createdAt, sql`now() - ${maxAge()}`),
      ),
    );
  return Boolean(row);
}

/** Ends one session; true when it was live until now. */
export async function endSession(tx: DbOrTx, sessionId: string, reason: SessionEnd): Promise<boolean> {
  const ended = await tx
    .update(userSessions)
    .set({ endedAt: sql`now()`, endReason: reason })
    .where(and(eq(userSessions.id, sessionId), isNull(userSessions.endedAt)))
    .returning({ id: userSessions.id });
  return ended.length > 0;
}

/** Ends every live session of the user but `keep` (the one making the change, if any). */
export async function endSessionsOf(
  tx: DbOrTx,
  userId: string,
  reason: SessionEnd,
  keep: string | null = null,
): Promise<number> {
  const ended = await tx
    .update(userSessions)
    .set({ endedAt: sql`now()`, endReason: reason })
    .where(
      and(eq(userSessions.userId, userId), isNull(userSessions.endedAt), keep ? ne(userSessions.id, keep) : undefined),
    )
    .returning({ id: userSessions.id });
  return ended.length;
}
