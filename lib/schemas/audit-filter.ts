import { z } from "zod";
import { AUDIT_ENTITY_TYPES } from "@/lib/audit/audit-entity-types";
import "./zod-jitless";

// A real calendar day: 2024-02-31 does not survive the round trip through Date.UTC.
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((v) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
    const [y, m, d] = v.split("-").map(Number);
    return new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10) === v;
  });

// Search params are untrusted: anything that does not parse is dropped, not obeyed.
export const auditFilterSchema = z.object({
  user: z.uuid().optional().catch(undefined),
  kind: z.enum(AUDIT_ENTITY_TYPES).optional().catch(undefined),
  from: day.optional().catch(undefined),
  to: day.optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100000).catch(1),
});
export type AuditFilterParams = z.output<typeof auditFilterSchema>;
