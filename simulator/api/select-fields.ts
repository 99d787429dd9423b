/**
 * $select (EXACT_ONLINE.md: Divisions "Supports $select"): only the named fields plus
 * __metadata. Returns the field list, null for "everything", or an error message for a field
 * the resource does not have.
 */
export function parseSelect(param: string | null, known: readonly string[]): string[] | null | { error: string } {
  if (param === null || param.trim() === "" || param.trim() === "*") return null;
  const fields = param
    .split(",")
    .map((f) => f.trim())
    .filter(Boolean);
  const unknown = fields.find((f) => !known.includes(f));
  if (unknown) return { error: `Property '${unknown}' does not exist on this resource.` };
  return fields;
}

export function applySelect(record: Record<string, unknown>, fields: string[] | null): Record<string, unknown> {
  if (!fields) return record;
  const picked: Record<string, unknown> = { __metadata: record.__metadata };
  for (const field of fields) picked[field] = record[field];
  return picked;
}
