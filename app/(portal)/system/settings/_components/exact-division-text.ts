/**
 * An Exact division as the portal writes it everywhere (grid, dialog, Exact's list):
 * its number in Exact (Hid), its name and its code — 1 - Qics BV (2340001).
 */
export function exactDivisionText(d: { code: number | string; hid?: string | null; description?: string | null }) {
  return `${d.hid || d.code} - ${d.description ?? ""} (${d.code})`;
}
