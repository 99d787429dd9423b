import { AUDIT_ENTITY_TYPES } from "@/lib/audit/audit-entity-types";
import { calendarDay } from "./calendar-day";
import { z } from "./zod";

const day = calendarDay();

// Search params are untrusted: anything that does not parse is dropped, not obeyed.
export const auditFilterSchema = z.object({
  user: z.uuid().optional().catch(undefined),
  kind: z.enum(AUDIT_ENTITY_TYPES).optional().catch(undefined),
  from: day.optional().catch(undefined),
  to: day.optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100000).catch(1),
});
export type AuditFilterParams = z.output<typeof auditFilterSchema>;
