/** An audit event as the page renders it: every cell already in words. */
export type AuditRow = { id: string; at: string; who: string; action: string; record: string; detail: string };
