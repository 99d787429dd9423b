/** Longer paths are cut: the Referer is the requester's to choose, and the audit log is no place for a novel. */
const MAX_LENGTH = 200;

/**
 * The page a request came from, as its Referer header says: the path only (no host, no query
 * with its search terms, no fragment), or null when there is none that parses.
 */
export function refererPath(referer: string | null | undefined): string | null {
  if (!referer) return null;
  try {
    return new URL(referer).pathname.slice(0, MAX_LENGTH);
  } catch {
    return null;
  }
}
