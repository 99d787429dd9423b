import {
  createLoader,
  createSerializer,
  parseAsInteger,
  parseAsNumberLiteral,
  parseAsString,
  parseAsStringLiteral,
} from "nuqs/server";
import { SITE_CODES } from "@/lib/exact-sites";

// The overview's state in the URL: page, page size, sort, filters and search. One set of
// parsers for the page (server), the table (browser) and the CSV export route, so a bookmarked
// or shared URL shows the same rows. Unknown values parse to the defaults, never reach SQL.

/** A row's health: the link's real state (lib/data/division-overview.ts). */
export const ROW_STATES = ["active", "expiring", "needs_reauth", "error", "pending", "not_linked"] as const;
export type RowState = (typeof ROW_STATES)[number];

/** The columns one may sort on; anything else in the URL is the default sort. */
export const SORT_COLUMNS = [
  "division",
  "administration",
  "oauthLogin",
  "site",
  "exactDivision",
  "state",
  "lastCheck",
] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];

export const PAGE_SIZES = [25, 50, 100] as const;

/**
 * A search's rows are counted up to this many and no further: above it the page says "more than
 * 1,000" (a broad text in a big environment would otherwise cost a count of every match).
 */
export const SEARCH_COUNT_CAP = 1000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const parseAsUuid = parseAsString.withDefault("");

export const overviewParsers = {
  page: parseAsInteger.withDefault(1),
  size: parseAsNumberLiteral(PAGE_SIZES).withDefault(25),
  sort: parseAsStringLiteral(SORT_COLUMNS).withDefault("division"),
  dir: parseAsStringLiteral(["asc", "desc"] as const).withDefault("asc"),
  state: parseAsStringLiteral(ROW_STATES),
  login: parseAsUuid,
  admin: parseAsUuid,
  site: parseAsStringLiteral(SITE_CODES),
  q: parseAsString.withDefault(""),
};

export const loadOverviewParams = createLoader(overviewParsers);
export const overviewUrl = createSerializer(overviewParsers);

export type OverviewParams = Awaited<ReturnType<typeof loadOverviewParams>>;

/** The query the data layer runs: ids that are not uuids and pages below 1 are dropped. */
export type OverviewQuery = {
  page: number;
  size: number;
  sort: SortColumn;
  dir: "asc" | "desc";
  state: RowState | null;
  loginId: string | null;
  administrationId: string | null;
  site: (typeof SITE_CODES)[number] | null;
  search: string;
};

export function overviewQueryOf(p: OverviewParams): OverviewQuery {
  return {
    page: Math.max(1, Math.min(p.page, 1_000_000)),
    size: p.size,
    sort: p.sort,
    dir: p.dir,
    state: p.state,
    loginId: UUID.test(p.login) ? p.login : null,
    administrationId: UUID.test(p.admin) ? p.admin : null,
    site: p.site,
    search: p.q.trim().slice(0, 200),
  };
}
