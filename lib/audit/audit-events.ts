import "server-only";
import { and, count, desc, eq, gte, lt, type SQL } from "drizzle-orm";
import { type DbOrTx, getDb } from "@/db/client";
import { auditEvents } from "@/db/schema";
import type { AuditEntityType } from "@/lib/audit/audit-entity-types";
import type { StoredAuditEvent } from "@/lib/audit/describe-audit-event";
import type { Actor } from "./actor";

export { AUDIT_ENTITY_TYPES, type AuditEntityType } from "@/lib/audit/audit-entity-types";

export type AuditInput = {
  action: string;
  entityType: AuditEntityType;
  entityId?: string | null;
  environmentId?: string | null;
  /** Never a secret: callers pass only names, ids and flags. */
  detail?: Record<string, unknown>;
};

const SECRET_KEY = /pass(word)?|secret|token|hash|key/i;

/** Drops any key that names a secret, at any depth, in case a caller forgets. */
export function withoutSecrets(detail: Record<string, unknown>): Record<string, unknown> {
  const clean = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(clean);
    if (value && typeof value === "object" && !(value instanceof Date)) {
      return Object.fromEntries(
        Object.entries(value)
          .filter(([k]) => !SECRET_KEY.test(k))
          .map(([k, v]) => [k, clean(v)]),
      );
    }
    return value;
  };
  return clean(detail) as Record<string, unknown>;
}

/** An audit event on its own, outside any other change's transaction. */
export async function recordAuditNow(actor: Actor, event: AuditInput): Promise<void> {
  await recordAudit(getDb(), actor, event);
}

/** Writes an audit event; call it with the transaction that makes the change. */
export async function recordAudit(tx: DbOrTx, actor: Actor, event: AuditInput): Promise<void> {
  await tx.insert(auditEvents).values({
    actorUserId: actor.id,
    actorEmail: actor.email,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId ?? null,
    environmentId: event.environmentId ?? null,
    detail: withoutSecrets(event.detail ?? {}),
  });
}

export type AuditFilter = {
  actorUserId?: string;
  entityType?: AuditEntityType;
  from?: Date;
  /** Exclusive. */
  to?: Date;
  page: number;
  pageSize: number;
};

/** An audit event as stored; lib/audit/describe-audit-event.ts puts it in words. */
export type AuditEventDto = StoredAuditEvent & { id: number };

export async function listAuditEvents(filter: AuditFilter): Promise<{ rows: AuditEventDto[]; total: number }> {
  const where: SQL[] = [];
  if (filter.actorUserId) where.push(eq(auditEvents.actorUserId, filter.actorUserId));
  if (filter.entityType) where.push(eq(auditEvents.entityType, filter.entityType));
  if (filter.from) where.push(gte(auditEvents.at, filter.from));
  if (filter.to) where.push(lt(auditEvents.at, filter.to));
  const condition = where.length ? and(...where) : undefined;
  const db = getDb();
  const [rows, [{ total }]] = await Promise.all([
    db
      .select({
        id: auditEvents.id,
        at: auditEvents.at,
        actorEmail: auditEvents.actorEmail,
        action: auditEvents.action,
        entityType: auditEvents.entityType,
        entityId: auditEvents.entityId,
        detail: auditEvents.detail,
      })
      .from(auditEvents)
      .where(condition)
      .orderBy(desc(auditEvents.at), desc(auditEvents.id))
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize),
    db.select({ total: count() }).from(auditEvents).where(condition),
  ]);
  return { rows, total };
}
