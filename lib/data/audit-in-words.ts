import "server-only";
import { inArray, sql } from "drizzle-orm";
import { type DbOrTx, getDb } from "@/db/client";
import { administrations, divisions, environments, oauthLogins, users } from "@/db/schema";
import {
  type AuditEventWords,
  describeAuditEvent,
  type NamedRecordKind,
  type RecordRef,
  recordKey,
  referencedRecords,
  STORED_NAMES,
  type StoredAuditEvent,
} from "@/lib/audit/describe-audit-event";
import type { Translate } from "@/lib/i18n/describe-login-state";
import type { Locale } from "@/lib/i18n/locales";

// How each kind of record is named in the audit log: as the screens name it.
const NAMERS: Record<NamedRecordKind, (db: DbOrTx, ids: string[]) => Promise<{ id: string; name: string }[]>> = {
  user: (db, ids) =>
    db
      .select({ id: users.id, name: sql<string>`${users.name} || ' (' || ${users.email} || ')'` })
      .from(users)
      .where(inArray(users.id, ids)),
  environment: (db, ids) =>
    db.select({ id: environments.id, name: environments.name }).from(environments).where(inArray(environments.id, ids)),
  oauth_login: (db, ids) =>
    db
      .select({ id: oauthLogins.id, name: oauthLogins.description })
      .from(oauthLogins)
      .where(inArray(oauthLogins.id, ids)),
  administration: (db, ids) =>
    db
      .select({ id: administrations.id, name: administrations.description })
      .from(administrations)
      .where(inArray(administrations.id, ids)),
  division: (db, ids) =>
    db
      .select({ id: divisions.id, name: sql<string>`${divisions.code} || ' - ' || ${divisions.name}` })
      .from(divisions)
      .where(inArray(divisions.id, ids)),
};

/** The current names of records, by `recordKey`; a record that is gone is not in it. */
export async function recordNames(refs: readonly RecordRef[], db: DbOrTx = getDb()): Promise<Map<string, string>> {
  const byKind = new Map<NamedRecordKind, string[]>();
  for (const { kind, id } of refs) byKind.set(kind, [...(byKind.get(kind) ?? []), id]);
  const found = await Promise.all(
    [...byKind].map(async ([kind, ids]) =>
      (await NAMERS[kind](db, ids)).map((r) => [recordKey(kind, r.id), r.name] as const),
    ),
  );
  return new Map(found.flat());
}

/**
 * Audit events in words (lib/audit/describe-audit-event.ts), every record named by its name
 * now or, once gone, its name then: for the audit log and anything that exports it.
 */
export async function auditEventsInWords<E extends StoredAuditEvent>(
  events: readonly E[],
  t: Translate,
  locale: Locale,
): Promise<(E & { words: AuditEventWords })[]> {
  const names = await recordNames(referencedRecords(events));
  return events.map((e) => ({ ...e, words: describeAuditEvent(t, locale, e, names) }));
}

/**
 * The names of the records an event's detail refers to by id, as they are now, to keep in
 * the event (`names`): the log still names them after they are deleted. Spread it into the
 * detail; nothing when there is nothing to name.
 */
export async function keptNames(
  tx: DbOrTx,
  refs: { kind: NamedRecordKind; id: string | null | undefined }[],
): Promise<{ [STORED_NAMES]?: Record<string, string> }> {
  const named = refs.filter((r): r is RecordRef => Boolean(r.id));
  if (named.length === 0) return {};
  const names = await recordNames(named, tx);
  const kept = Object.fromEntries(
    named.flatMap((r) => {
      const name = names.get(recordKey(r.kind, r.id));
      return name ? [[r.id, name]] : [];
    }),
  );
  return Object.keys(kept).length ? { [STORED_NAMES]: kept } : {};
}
