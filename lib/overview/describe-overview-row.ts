import type { DivisionOverviewRow, OverviewHealth } from "@/lib/data/division-overview-rows";
import { siteDisplayUrl } from "@/lib/exact-sites";
import {
  describeLoginState,
  type LinkStateKey,
  linkStateWord,
  loginStateParts,
  type StateParts,
  type Translate,
} from "@/lib/i18n/describe-login-state";
import { formatDateTime } from "@/lib/i18n/format-date";
import type { Locale } from "@/lib/i18n/locales";

/**
 * A row's state in parts for the page's badge: the state's one word and the line beside it
 * (the login's validity or reason, or the administration's own failure with when it happened).
 */
export function overviewStateParts(
  t: Translate,
  r: OverviewHealth,
  locale: Locale,
): StateParts & { state: LinkStateKey } {
  if (r.state === "not_linked")
    return { state: r.state, word: linkStateWord(t, r.state), detail: null, hasReason: false };
  if (r.reasonOf === "administration" && r.failedAt) {
    const key = `errors.${r.lastError}`;
    const reason = r.lastError && t.has(key) ? t(key, r.lastErrorValues ?? {}) : linkStateWord(t, "error");
    return {
      state: r.state,
      word: linkStateWord(t, r.state),
      detail: t("overview.administrationReason", { reason, when: formatDateTime(r.failedAt, locale) }),
      hasReason: true,
    };
  }
  return { state: r.state, ...loginStateParts(t, { ...r, status: r.state }, locale) };
}

/** The state in the words of every screen; the administration's own failure with its reason and when. */
export function describeOverviewState(t: Translate, r: OverviewHealth, locale: Locale): string {
  if (r.reasonOf === "administration" && r.failedAt) {
    const { word, detail } = overviewStateParts(t, r, locale);
    return t("loginState.because", { state: word, reason: detail ?? "" });
  }
  if (r.state === "not_linked") return linkStateWord(t, r.state);
  return describeLoginState(t, { ...r, status: r.state }, locale);
}

/** Every cell of a row in words: the table and the CSV say the same. */
export function describeOverviewRow(t: Translate, r: DivisionOverviewRow, locale: Locale) {
  return overviewRowDescriber(t, locale)(r);
}

/**
 * The words of rows, for many rows (the CSV export): the words of a state and of a date are
 * made once and reused, since rows share their administration's state and building ICU
 * messages and Intl formatters for each of 100,000 rows costs seconds and hundreds of MB.
 */
export function overviewRowDescriber(t: Translate, locale: Locale) {
  const cache = new Map<string, string>();
  const cached = (key: string, make: () => string) => {
    let v = cache.get(key);
    if (v === undefined) {
      if (cache.size > 20_000) cache.clear();
      v = make();
      cache.set(key, v);
    }
    return v;
  };
  const notLinked = t("overview.notLinked");
  return (r: DivisionOverviewRow) => ({
    division: r.code === null ? "—" : `${r.code} - ${r.name}`,
    administration: r.administration ?? notLinked,
    oauthLogin: r.oauthLogin ?? notLinked,
    site: r.site ? siteDisplayUrl(r.site) : "—",
    exactDivision: r.exactDivision ?? notLinked,
    state: cached(
      `s|${r.state}|${r.reasonOf}|${r.lastError}|${JSON.stringify(r.lastErrorValues)}|${r.loginExpiresAt?.getTime()}|${r.failedAt?.getTime()}`,
      () => describeOverviewState(t, r, locale),
    ),
    lastCheck: r.lastCheckAt
      ? cached(`d|${r.lastCheckAt.getTime()}`, () => formatDateTime(r.lastCheckAt as Date, locale))
      : "—",
  });
}
