/** An audit event as the page renders it: every cell already in words (lib/audit/describe-audit-event.ts). */
export type AuditRow = { id: string; at: string; who: string; action: string; record: string; details: string[] };
