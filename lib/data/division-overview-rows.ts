import "server-only";
import { col, type RowOf } from "@/db/raw-query";
import { exactSiteEnum, oauthLoginStatusEnum } from "@/db/schema";
import type { ExactSite } from "@/lib/exact-sites";
import { ROW_STATES, type RowState } from "@/lib/schemas/overview-params";
import type { OAuthLoginStatus } from "./oauth-logins";

// The overview's rows as the query (division-overview.ts) returns them: their types, and how a
// raw row of its SQL becomes one.

export type DivisionOverviewRow = {
  /** The division's id, or the administration's for an administration without divisions. */
  id: string;
  code: string | null;
  name: string | null;
  administrationId: string | null;
  administration: string | null;
  oauthLoginId: string | null;
  oauthLogin: string | null;
  site: ExactSite | null;
  exactDivision: string | null;
  /** The mapped Exact division's number, HID and description: exactDivision in parts. */
  exactDivisionCode: number | null;
  exactDivisionHid: string | null;
  exactDivisionDescription: string | null;
  state: RowState;
  loginStatus: OAuthLoginStatus | null;
  loginExpiresAt: Date | null;
  /** The reason (a key under oauthLogins.lastError.* for the login, errors.* for the administration). */
  lastError: string | null;
  lastErrorValues: Record<string, string> | null;
  /** Whose reason: the login's, or the administration's own last call (at `failedAt`). */
  reasonOf: "login" | "administration" | null;
  failedAt: Date | null;
  lastCheckAt: Date | null;
};

/** A link's health in the overview's terms: the state, and whose reason it is, with what values. */
export type OverviewHealth = Pick<
  DivisionOverviewRow,
  "state" | "loginStatus" | "loginExpiresAt" | "lastError" | "lastErrorValues" | "reasonOf" | "failedAt" | "lastCheckAt"
>;

export type OverviewCounts = Record<RowState, number>;

export type OverviewPage = {
  rows: DivisionOverviewRow[];
  /** The rows of the query; with a search at most SEARCH_COUNT_CAP (then `totalCapped`: more than that). */
  total: number;
  totalCapped: boolean;
  page: number;
  counts: OverviewCounts;
};

const timestampOrNull = col.nullable(col.timestamp);
const textOrNull = col.nullable(col.text);
const valuesOrNull = col.nullable(col.json<Record<string, string>>());

/** The health columns of administrationHealth, parsed from a raw query's row. */
export const healthColumns = {
  login_status: col.nullable(col.oneOf(oauthLoginStatusEnum.enumValues)),
  login_expires_at: timestampOrNull,
  login_error: textOrNull,
  login_error_values: valuesOrNull,
  fail_at: timestampOrNull,
  fail_code: textOrNull,
  fail_values: valuesOrNull,
  state: col.oneOf(ROW_STATES),
  last_ok_at: timestampOrNull,
};
export type RawHealth = RowOf<typeof healthColumns>;

export const rowColumns = {
  ...healthColumns,
  id: col.text,
  code: textOrNull,
  name: textOrNull,
  administration_id: textOrNull,
  exact_division_code: col.nullable(col.integer),
  exact_division_hid: textOrNull,
  exact_division_description: textOrNull,
  administration: textOrNull,
  login_id: textOrNull,
  login: textOrNull,
  site: col.nullable(col.oneOf(exactSiteEnum.enumValues)),
};
export type RawRow = RowOf<typeof rowColumns>;

/** The health of a link from its raw columns: whose reason the state has (the login's or the administration's own). */
export function healthOf(r: RawHealth): OverviewHealth {
  const byAdministration = r.state === "error" && r.login_status !== "error" && r.fail_at !== null;
  // Not linked (a division without an Exact division under a working link) has no reason to tell:
  // the login's error, if any, is not why.
  if (r.state === "not_linked") {
    return {
      state: r.state,
      loginStatus: r.login_status,
      loginExpiresAt: r.login_expires_at,
      lastError: null,
      lastErrorValues: null,
      reasonOf: null,
      failedAt: null,
      lastCheckAt: r.last_ok_at,
    };
  }
  return {
    state: r.state,
    loginStatus: r.login_status,
    loginExpiresAt: r.login_expires_at,
    lastError: byAdministration ? r.fail_code : r.login_error,
    lastErrorValues: byAdministration ? r.fail_values : r.login_error_values,
    reasonOf: byAdministration ? "administration" : r.login_status ? "login" : null,
    failedAt: byAdministration ? r.fail_at : null,
    lastCheckAt: r.last_ok_at,
  };
}

export function toRow(r: RawRow): DivisionOverviewRow {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    administrationId: r.administration_id,
    administration: r.administration,
    oauthLoginId: r.login_id,
    oauthLogin: r.login,
    site: r.site,
    exactDivision:
      r.exact_division_code === null
        ? null
        : `${r.exact_division_hid ?? r.exact_division_code} - ${r.exact_division_description ?? ""} (${r.exact_division_code})`,
    exactDivisionCode: r.exact_division_code,
    exactDivisionHid: r.exact_division_hid,
    exactDivisionDescription: r.exact_division_description,
    ...healthOf(r),
  };
}
