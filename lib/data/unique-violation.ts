import "server-only";

/**
 * Whether `e` (or what it wraps: drizzle wraps the driver's error) is PostgreSQL's unique
 * violation of `constraint`: the index, not a check beforehand, decides a race between two
 * writers, and the loser is told in words like anyone who was checked.
 */
export function isUniqueViolation(e: unknown, constraint: string): boolean {
  for (let c: unknown = e; c && typeof c === "object"; c = (c as { cause?: unknown }).cause) {
    const pg = c as { code?: string; constraint_name?: string };
    if (pg.code === "23505") return pg.constraint_name === constraint;
  }
  return false;
}
