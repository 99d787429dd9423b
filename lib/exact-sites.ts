// The Exact Online sites. A login's site is chosen from this list only: the server never
// calls a URL a user typed (that would be server-side request forgery with our secrets).
export const EXACT_SITES = {
  NL: "https://start.exactonline.nl",
  BE: "https://start.exactonline.be",
  DE: "https://start.exactonline.de",
  UK: "https://start.exactonline.co.uk",
  US: "https://start.exactonline.com",
  ES: "https://start.exactonline.es",
  FR: "https://start.exactonline.fr",
} as const;

export type ExactSite = keyof typeof EXACT_SITES;

export const SITE_CODES = Object.keys(EXACT_SITES) as ExactSite[];

/** The URL as the seed's grid shows it: `https://start.exactonline.nl/`. */
export function siteDisplayUrl(site: ExactSite): string {
  return `${EXACT_SITES[site]}/`;
}
