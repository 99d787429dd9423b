/**
 * $top and $skip (EXACT_ONLINE.md: "$top and $skip are accepted on standard endpoints"; Nango's
 * recorded calls send $top=100). Both are whole numbers ≥ 0; anything else is a 400, as OData
 * answers it. $top limits the whole result, not the page: with $top above 60 the answer still
 * comes in pages of 60, and __next carries the rest of $top.
 */
export interface Paging {
  top: number | null;
  skip: number;
}

export function parsePaging(params: URLSearchParams): Paging | { error: string } {
  const read = (name: "$top" | "$skip"): number | null | { error: string } => {
    const value = params.get(name);
    if (value === null) return null;
    if (!/^\d{1,9}$/.test(value.trim())) return { error: `Invalid ${name}: '${value}' is not a whole number ≥ 0.` };
    return Number(value.trim());
  };
  const top = read("$top");
  if (top !== null && typeof top === "object") return top;
  const skip = read("$skip");
  if (skip !== null && typeof skip === "object") return skip;
  return { top, skip: skip ?? 0 };
}

/** The records $skip and $top leave of a (filtered, sorted) list. */
export function applyPaging<T>(list: T[], paging: Paging): T[] {
  const skipped = list.slice(paging.skip);
  return paging.top === null ? skipped : skipped.slice(0, paging.top);
}
