import "server-only";
import { and, asc, eq } from "drizzle-orm";
import { getDb, type Tx } from "@/db/client";
import { administrations, divisions } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/audit-events";
import { now } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { keptNames } from "./audit-in-words";

export type DivisionDto = {
  id: string;
  code: string;
  name: string;
  administrationId: string | null;
  administration: string | null;
  exactDivisionCode: number | null;
  exactDivisionDescription: string | null;
  exactDivisionHid: string | null;
};

/** An Exact division as Exact itself described it when the link was verified. */
export type VerifiedExactDivision = { code: number; description: string; hid: string };

export type DivisionValues = {
  code: string;
  name: string;
  administrationId: string | null;
  exact: VerifiedExactDivision | null;
};

export async function listDivisions(environmentId: string): Promise<DivisionDto[]> {
  // Codes as people read them (1, 2 … 101): the generated sort key (migration 0017), then the code.
  return getDb()
    .select({
      id: divisions.id,
      code: divisions.code,
      name: divisions.name,
      administrationId: divisions.administrationId,
      administration: administrations.description,
      exactDivisionCode: divisions.exactDivisionCode,
      exactDivisionDescription: divisions.exactDivisionDescription,
      exactDivisionHid: divisions.exactDivisionHid,
    })
    .from(divisions)
    .leftJoin(administrations, eq(administrations.id, divisions.administrationId))
    .where(eq(divisions.environmentId, environmentId))
    .orderBy(asc(divisions.codeSort), asc(divisions.code));
}

async function checkReferences(tx: Tx, environmentId: string, v: DivisionValues, exceptId?: string) {
  const [taken] = await tx
    .select({ id: divisions.id })
    .from(divisions)
    .where(and(eq(divisions.environmentId, environmentId), eq(divisions.code, v.code)));
  if (taken && taken.id !== exceptId) throw new AppError("division_code_taken", "code");
  if (v.administrationId) {
    const [admin] = await tx
      .select({ id: administrations.id })
      .from(administrations)
      .where(and(eq(administrations.id, v.administrationId), eq(administrations.environmentId, environmentId)));
    if (!admin) throw new AppError("administration_not_found", "administrationId");
  }
}

const row = (v: DivisionValues) => ({
  code: v.code,
  name: v.name,
  administrationId: v.administrationId,
  exactDivisionCode: v.exact?.code ?? null,
  exactDivisionDescription: v.exact?.description ?? null,
  exactDivisionHid: v.exact?.hid ?? null,
});

const auditView = (v: DivisionValues) => ({
  code: v.code,
  name: v.name,
  administrationId: v.administrationId,
  exactDivision: v.exact ? `${v.exact.code} - ${v.exact.description}` : null,
});

export async function createDivision(actor: Actor, environmentId: string, v: DivisionValues): Promise<{ id: string }> {
  return getDb().transaction(async (tx) => {
    await checkReferences(tx, environmentId, v);
    const [created] = await tx
      .insert(divisions)
      .values({ environmentId, ...row(v) })
      .returning({ id: divisions.id });
    await recordAudit(tx, actor, {
      action: "division.created",
      entityType: "division",
      entityId: created.id,
      environmentId,
      detail: { ...auditView(v), ...(await keptNames(tx, [{ kind: "administration", id: v.administrationId }])) },
    });
    return created;
  });
}

export async function updateDivision(
  actor: Actor,
  environmentId: string,
  id: string,
  v: DivisionValues,
): Promise<void> {
  await getDb().transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(divisions)
      .where(and(eq(divisions.id, id), eq(divisions.environmentId, environmentId)))
      .for("update");
    if (!before) throw new AppError("division_not_found");
    await checkReferences(tx, environmentId, v, id);
    await tx
      .update(divisions)
      .set({ ...row(v), updatedAt: now() })
      .where(eq(divisions.id, id));
    await recordAudit(tx, actor, {
      action: "division.updated",
      entityType: "division",
      entityId: id,
      environmentId,
      detail: {
        before: {
          code: before.code,
          name: before.name,
          administrationId: before.administrationId,
          exactDivision: before.exactDivisionCode
            ? `${before.exactDivisionCode} - ${before.exactDivisionDescription ?? ""}`
            : null,
        },
        after: auditView(v),
        ...(await keptNames(tx, [
          { kind: "administration", id: before.administrationId },
          { kind: "administration", id: v.administrationId },
        ])),
      },
    });
  });
}

export async function deleteDivision(actor: Actor, environmentId: string, id: string): Promise<void> {
  await getDb().transaction(async (tx) => {
    const [gone] = await tx
      .delete(divisions)
      .where(and(eq(divisions.id, id), eq(divisions.environmentId, environmentId)))
      .returning({ code: divisions.code, name: divisions.name });
    if (!gone) throw new AppError("division_not_found");
    await recordAudit(tx, actor, {
      action: "division.deleted",
      entityType: "division",
      entityId: id,
      environmentId,
      detail: { code: gone.code, name: gone.name },
    });
  });
}
