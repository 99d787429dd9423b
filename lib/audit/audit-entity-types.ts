/** The kinds of record an audit event is about (the audit log's Soort record filter). */
export const AUDIT_ENTITY_TYPES = [
  "user",
  "environment",
  "oauth_login",
  "administration",
  "division",
  "api_key",
] as const;
export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];
