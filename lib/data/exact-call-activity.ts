import "server-only";
import { and, asc, desc, eq, gte, isNotNull, lt, type SQL, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { exactCalls } from "@/db/schema";
import { now } from "@/lib/clock";
import type { ExactCallRecord } from "@/lib/exact/activity/call-subject";

// The Activiteit view's reads of the call record (written by lib/exact/activity): one login's or
// one administration's calls, newest first, by keyset on (at, id) — the indexes of
// db/schema.ts's exact_calls — so any page of a million records costs what the first costs.

export type ActivitySubject = { loginId: string } | { administrationId: string };

export type ActivityFilter = {
  from?: Date;
  /** Exclusive. */
  to?: Date;
  kind?: "token" | "rest";
  result?: "ok" | "error";
};

/** A place in the list: a record's (at, id). `older` pages go on after it, `newer` before it. */
export type ActivityCursor = { at: Date; id: number; direction: "older" | "newer" };

/** A record as the view shows it: the call, without the login it is for (the view's subject). */
export type ActivityRecord = Omit<ExactCallRecord, "loginId"> & { id: number };

export type ActivityPage = {
  records: ActivityRecord[];
  /** Cursors for the pages on either side, when there are records there. */
  newer: ActivityCursor | null;
  older: ActivityCursor | null;
};

function subjectIs(subject: ActivitySubject): SQL {
  return "loginId" in subject
    ? eq(exactCalls.oauthLoginId, subject.loginId)
    : (and(isNotNull(exactCalls.administrationId), eq(exactCalls.administrationId, subject.administrationId)) as SQL);
}

function filtered(subject: ActivitySubject, filter: ActivityFilter): SQL[] {
  const where = [subjectIs(subject)];
  if (filter.from) where.push(gte(exactCalls.at, filter.from));
  if (filter.to) where.push(lt(exactCalls.at, filter.to));
  // Written as the partial indexes' predicates are, so the planner may read those.
  if (filter.kind === "token") where.push(sql`${exactCalls.kind} = 'token'`);
  if (filter.kind === "rest") where.push(sql`${exactCalls.kind} = 'rest'`);
  if (filter.result === "error") where.push(sql`not ${exactCalls.ok}`);
  if (filter.result === "ok") where.push(sql`${exactCalls.ok}`);
  return where;
}

/** One page of the subject's calls, newest first. */
export async function listExactCalls(
  subject: ActivitySubject,
  filter: ActivityFilter,
  cursor: ActivityCursor | null,
  size: number,
): Promise<ActivityPage> {
  const where = filtered(subject, filter);
  const newer = cursor?.direction === "newer";
  if (cursor) {
    const at = cursor.at.toISOString();
    where.push(
      newer
        ? sql`(${exactCalls.at}, ${exactCalls.id}) > (${at}::timestamptz, ${cursor.id})`
        : sql`(${exactCalls.at}, ${exactCalls.id}) < (${at}::timestamptz, ${cursor.id})`,
    );
  }
  const rows = await getDb()
    .select({
      id: exactCalls.id,
      at: exactCalls.at,
      kind: exactCalls.kind,
      onBehalf: exactCalls.onBehalf,
      apiKeyPrefix: exactCalls.apiKeyPrefix,
      administrationId: exactCalls.administrationId,
      division: exactCalls.division,
      method: exactCalls.method,
      path: exactCalls.path,
      status: exactCalls.status,
      durationMs: exactCalls.durationMs,
      ok: exactCalls.ok,
      error: exactCalls.error,
    })
    .from(exactCalls)
    .where(and(...where))
    .orderBy(...(newer ? [asc(exactCalls.at), asc(exactCalls.id)] : [desc(exactCalls.at), desc(exactCalls.id)]))
    .limit(size + 1);
  const more = rows.length > size;
  const records = newer ? rows.slice(0, size).reverse() : rows.slice(0, size);
  const first = records[0];
  const last = records.at(-1);
  const place = (r: ActivityRecord, direction: ActivityCursor["direction"]) => ({ at: r.at, id: r.id, direction });
  return {
    records,
    // Coming from a page, that page is there; otherwise one more row said whether there is one.
    newer: first && (newer ? more : cursor !== null) ? place(first, "newer") : null,
    older: last && (newer ? true : more) ? place(last, "older") : null,
  };
}

/** Counted at most this far: "more than 10,000" says enough about a day. */
export const SUMMARY_COUNT_CAP = 10_000;

export type ActivitySummary = {
  /** Calls and failed calls in the last 24 hours (each capped at SUMMARY_COUNT_CAP + 1). */
  calls: number;
  failed: number;
  lastCall: { at: Date; ok: boolean } | null;
  lastFailure: { at: Date; error: string | null; kind: string } | null;
};

/** The health summary: what team leads see of the record (no path, no key, no status). */
export async function summarizeExactCalls(subject: ActivitySubject): Promise<ActivitySummary> {
  const since = new Date(now().getTime() - 86_400_000);
  const db = getDb();
  const counted = (extra: SQL[]) =>
    db.select({ n: sql<number>`count(*)::int` }).from(
      db
        .select({ one: sql`1` })
        .from(exactCalls)
        .where(and(subjectIs(subject), gte(exactCalls.at, since), ...extra))
        .limit(SUMMARY_COUNT_CAP + 1)
        .as("c"),
    );
  const [[calls], [failed], [lastCall], [lastFailure]] = await Promise.all([
    counted([]),
    counted([sql`not ${exactCalls.ok}`]),
    db
      .select({ at: exactCalls.at, ok: exactCalls.ok })
      .from(exactCalls)
      .where(subjectIs(subject))
      .orderBy(desc(exactCalls.at), desc(exactCalls.id))
      .limit(1),
    db
      .select({ at: exactCalls.at, error: exactCalls.error, kind: exactCalls.kind })
      .from(exactCalls)
      .where(and(subjectIs(subject), sql`not ${exactCalls.ok}`))
      .orderBy(desc(exactCalls.at), desc(exactCalls.id))
      .limit(1),
  ]);
  return { calls: calls.n, failed: failed.n, lastCall: lastCall ?? null, lastFailure: lastFailure ?? null };
}

/** The cursor as the URL carries it: `{ms}.{id}`; anything else is no cursor. */
export function parseActivityCursor(text: string | undefined, direction: ActivityCursor["direction"]) {
  const m = /^(\d{1,15})\.(\d{1,18})$/.exec(text ?? "");
  if (!m) return null;
  const id = Number(m[2]);
  return Number.isSafeInteger(id) ? { at: new Date(Number(m[1])), id, direction } : null;
}

export function activityCursorText(cursor: ActivityCursor): string {
  return `${cursor.at.getTime()}.${cursor.id}`;
}
