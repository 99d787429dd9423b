// Exact Online runs one site per country (EXACT_ONLINE.md, "Sites"). The simulator serves all
// seven from one port, one path prefix per site: /nl, /be, /de, /uk, /us, /es, /fr.
export const SITES = ["NL", "BE", "DE", "UK", "US", "ES", "FR"] as const;

export type Site = (typeof SITES)[number];

export function isSite(value: unknown): value is Site {
  return typeof value === "string" && (SITES as readonly string[]).includes(value);
}

/** "/nl" for NL. */
export function sitePrefix(site: Site): string {
  return `/${site.toLowerCase()}`;
}

/** The site for a first path segment ("nl" → NL), or null. */
export function siteFromSegment(segment: string): Site | null {
  const upper = segment.toUpperCase();
  return segment === segment.toLowerCase() && isSite(upper) ? upper : null;
}
